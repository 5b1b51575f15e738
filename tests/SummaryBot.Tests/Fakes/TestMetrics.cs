using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Telemetry;

namespace SummaryBot.Tests.Fakes;

/// <summary>SummaryBot's metrics for objects a test builds by hand (the DI graph makes its own).</summary>
public static class TestMetrics
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static SummaryBotMetrics Create() => new(Services.GetRequiredService<IMeterFactory>());
}
