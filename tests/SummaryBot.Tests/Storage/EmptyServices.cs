namespace SummaryBot.Tests.Storage;

/// <summary>A service provider with nothing in it.</summary>
public sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
