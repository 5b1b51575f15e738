using SummaryBot.Functions.Tests.WorkerHost;
using SummaryBot.Tests.Fakes;
using SummaryBot.Tests.Fakes.Telegram;

namespace SummaryBot.Functions.Tests.Functions;

/// <summary>The worker's own logging at its most verbose: what the host receives (RpcLog) and what the
/// process prints never contain the bot token, which is part of every Bot API request URL.</summary>
public sealed class WorkerLoggingTests
{
    [Fact]
    public async Task Worker_LoggingAtTrace_NeverLogsTheBotToken()
    {
        await using var scenario = await WorkerScenario.StartAsync(configure: settings =>
        {
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:Console:LogLevel:Default"] = "Trace";
        });
        const long userId = 6060;
        Assert.Equal(200, await scenario.PostWebhookAsync(TelegramWebhookFunctionTests.Update(userId, "/subscribe Russia–North Korea"), WorkerScenario.WebhookSecret));
        var seed = SharedData.SeedFiles[0];
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(Path.GetFileName(seed), File.ReadAllBytes(seed)));
        WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(Path.GetFileName(seed), File.ReadAllBytes(seed)));
        Assert.NotEmpty(scenario.Bot.Delivered());

        var logs = scenario.Worker.Logs.ToList();
        // Trace really is on: the debug line of the second, skipped, invocation reached the host.
        Assert.Contains(logs, log => log.Message.Contains("was already processed", StringComparison.Ordinal));
        var everything = string.Join('\n', logs.Select(log => $"{log.Category} {log.Message} {log.Exception?.Message} {log.Exception?.StackTrace} {log.PropertiesMap}"))
            + scenario.Worker.Output;
        Assert.DoesNotContain(FakeBotApiServer.Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeBotApiServer.Token.Split(':')[1], everything, StringComparison.Ordinal);
    }
}
