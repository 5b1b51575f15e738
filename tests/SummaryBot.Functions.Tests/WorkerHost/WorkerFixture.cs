namespace SummaryBot.Functions.Tests.WorkerHost;

/// <summary>One worker (folder state, loopback Bot API) shared by the tests of a class that neither
/// restart it nor need a state of their own.</summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    public WorkerScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync() => Scenario = await WorkerScenario.StartAsync();

    public async Task DisposeAsync() => await Scenario.DisposeAsync();
}
