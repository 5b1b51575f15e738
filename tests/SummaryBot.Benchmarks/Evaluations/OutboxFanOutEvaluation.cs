using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SummaryBot.Benchmarks.Outbox;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// One story matched by 10,000 chats (1,000 with --quick), delivered through the outbox on the
/// embedded defaults (folder state, SQLite queue) to a loopback Bot API server that enforces 30
/// messages/s per bot and 1/s per chat with 429s. Figures: how long the article stage takes (it only
/// enqueues), messages/s as a share of the limit, 429s, duplicates and losses.
/// </summary>
public sealed class OutboxFanOutEvaluation : IEvaluation
{
    private const int Limit = 30;

    public string Name => "outbox";

    public int Order => 60;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var chats = context.Quick ? 1_000 : 10_000;
        var root = Path.Combine(Path.GetTempPath(), "sb-outbox-bench-" + Guid.NewGuid().ToString("N"));
        await using var server = new LimitedBotApiServer(Limit);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:StateDirectory"] = Path.Combine(root, "state"),
            ["Storage:InboxDirectory"] = Path.Combine(root, "inbox"),
            ["Telegram:BotToken"] = LimitedBotApiServer.Token,
            ["Telegram:ApiBaseUrl"] = server.BaseUrl.ToString(),
            ["Telegram:MaxMessagesPerSecond"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Delivery:Concurrency"] = "64",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddSummaryBot(configuration);
        await using var provider = services.BuildServiceProvider();
        try
        {
            context.Log.WriteLine($"subscribing {chats:N0} chats...");
            var subscriptions = provider.GetRequiredService<SubscriptionService>();
            await Parallel.ForEachAsync(Enumerable.Range(1, chats), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chat, ct) =>
                await subscriptions.SubscribeAsync(chat, "Zanzibar", ChatKind.Private, null, ct));

            var pipeline = provider.GetRequiredService<ArticlePipeline>();
            var stage = Stopwatch.StartNew();
            var staged = await pipeline.ProcessAsync("ferry.txt", BinaryData.FromString(Article), cancellationToken);
            stage.Stop();
            context.Log.WriteLine($"article stage: {stage.Elapsed.TotalSeconds:0.00} s for {staged.Pending?.Count ?? 0:N0} jobs; sending...");

            var sender = provider.GetRequiredService<DeliveryQueueProcessor>();
            var queue = provider.GetRequiredService<IDeliveryQueue>();
            var sending = Stopwatch.StartNew();
            while (await queue.CountAsync(cancellationToken) > 0 && sending.Elapsed < TimeSpan.FromSeconds(chats / (double)Limit * 2 + 60))
            {
                if ((await sender.RunPassAsync(cancellationToken)).Received == 0)
                {
                    await Task.Delay(50, cancellationToken);
                }
            }

            var delivered = server.Accepted.Count;
            var duplicates = server.Accepted.Values.Sum(n => n - 1);
            var lost = chats - delivered;
            var span = Stopwatch.GetElapsedTime(server.FirstAcceptedAt, server.LastAcceptedAt).TotalSeconds;
            var rate = delivered > 1 && span > 0 ? (delivered - 1) / span : 0;
            var result = await pipeline.GetResultAsync("ferry.txt", cancellationToken);
            var group = $"outbox ({chats:N0} chats)";
            return
            [
                new(group, "article stage (read … record, enqueue)", $"{stage.Elapsed.TotalSeconds:0.00} s", "< 2 s", stage.Elapsed < TimeSpan.FromSeconds(2)),
                new(group, "messages/s (share of 30/s)", $"{rate:0.0} ({rate / Limit:P0})", "≥ 90%", rate / Limit >= 0.9),
                new(group, "429s received", $"{server.TooManyRequests:N0}", "(informational)", null),
                new(group, "duplicates / lost", $"{duplicates} / {lost}", "0 / 0", duplicates == 0 && lost == 0),
                new(group, "result record after sending: deliveries / pending", $"{result?.Deliveries?.Count ?? 0:N0} / {result?.Pending?.Count ?? 0:N0}", "all / 0", result?.Deliveries?.Count == chats && result.Pending is null),
                new(group, "time to send all", $"{sending.Elapsed.TotalSeconds:0} s", "(informational)", null),
            ];
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private const string Article = """
        Ferry capsizes off Zanzibar coast

        A passenger ferry carrying 84 people capsized off Zanzibar on Monday evening in rough seas, officials in Stone Town said. Rescue teams from the port authority and local fishermen searched through the night and pulled 71 survivors from the water.

        The vessel, the Mnazi Star, had left Pemba island in the afternoon and was due in Stone Town before dark. The regional commissioner said an inquiry would examine whether the ferry was overloaded and why it sailed after a storm warning.
        """;
}
