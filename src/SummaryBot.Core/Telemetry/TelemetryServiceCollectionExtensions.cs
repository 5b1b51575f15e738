using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SummaryBot.Core.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary><see cref="SummaryBotMetrics"/> over the host's meter factory (added when the host has none).
    /// Every capability that reports metrics calls this, so each can be registered on its own.</summary>
    public static IServiceCollection AddSummaryBotMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<SummaryBotMetrics>();
        return services;
    }
}
