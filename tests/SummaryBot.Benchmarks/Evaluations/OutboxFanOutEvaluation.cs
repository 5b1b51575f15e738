using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SummaryBot.Benchmarks.Outbox;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage.Sqlite;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// One story matched by 10,000 chats (1,000 with --quick), delivered through the outbox on the
/// embedded defaults (SQLite state and queue) to a loopback Bot API server that enforces 30
/// messages/s per bot and 1/s per chat with 429s. Figures: how long the article stage takes (it only
/// enqueues; the build of the 10,000-chat matcher, done once per process and per subscription
/// change, is timed apart), writing the jobs one message each against fan-outs on a queue of its
/// own, messages/s as a share of the limit, 429s, duplicates and losses.
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

            var build = Stopwatch.StartNew();
            await provider.GetRequiredService<SubscriptionCatalog>().GetAsync(cancellationToken);
            build.Stop();
            context.Log.WriteLine($"matcher build: {build.Elapsed.TotalSeconds:0.00} s for {chats:N0} chats");

            var pipeline = provider.GetRequiredService<ArticlePipeline>();
            var stage = Stopwatch.StartNew();
            var staged = await pipeline.ProcessAsync("ferry.txt", BinaryData.FromString(Article), cancellationToken);
            stage.Stop();
            context.Log.WriteLine($"article stage: {stage.Elapsed.TotalSeconds:0.00} s for {staged.Pending?.Count ?? 0:N0} jobs; sending...");

            var (oneEach, fanOuts, fanOutMessages) = await CompareEnqueueAsync(root, chats, staged, cancellationToken);
            context.Log.WriteLine($"writing {chats:N0} jobs to a queue of their own: one message each {oneEach.TotalSeconds:0.00} s, as {fanOutMessages} fan-outs {fanOuts.TotalSeconds:0.00} s");

            var sender = provider.GetRequiredService<DeliveryQueueProcessor>();
            var queue = provider.GetRequiredService<IDeliveryQueue>();
            var sending = Stopwatch.StartNew();
            var patience = TimeSpan.FromSeconds(chats / (double)Limit * 2 + 60);
            await Task.WhenAll(Enumerable.Range(0, sender.Lanes).Select(async _ =>
            {
                while (await queue.CountAsync(cancellationToken) > 0 && sending.Elapsed < patience)
                {
                    if ((await sender.RunPassAsync(cancellationToken)).Received == 0)
                    {
                        await Task.Delay(50, cancellationToken);
                    }
                }
            }));

            var delivered = server.Accepted.Count;
            var duplicates = server.Accepted.Values.Sum(n => n - 1);
            var lost = chats - delivered;
            var span = Stopwatch.GetElapsedTime(server.FirstAcceptedAt, server.LastAcceptedAt).TotalSeconds;
            var rate = delivered > 1 && span > 0 ? (delivered - 1) / span : 0;
            var result = await pipeline.GetResultAsync("ferry.txt", cancellationToken);
            var gaps = server.AcceptedAt.Zip(server.AcceptedAt.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).ToList();
            var slot = 1000.0 / Limit;
            var longGaps = gaps.Where(g => g > 100).ToList();
            var group = $"outbox ({chats:N0} chats)";
            return
            [
                new(group, "matcher build (once per process and subscription change)", $"{build.Elapsed.TotalSeconds:0.00} s", "(informational)", null),
                new(group, "article stage (read … record, enqueue), matcher built", $"{stage.Elapsed.TotalSeconds:0.00} s", "< 2 s", stage.Elapsed < TimeSpan.FromSeconds(2)),
                new(group, "first article of a process (matcher build + stage)", $"{(build.Elapsed + stage.Elapsed).TotalSeconds:0.00} s", "(informational)", null),
                new(group, "writing the jobs: one message each vs fan-outs", $"{oneEach.TotalSeconds:0.00} s vs {fanOuts.TotalSeconds:0.00} s ({fanOutMessages} messages)", "(informational)", null),
                new(group, "gaps over 100 ms between accepted messages", $"{longGaps.Count} ({longGaps.Sum(g => g - slot) / 1000:0.0} s); p50 / p99 gap {Percentile(gaps, 0.5):0.0} / {Percentile(gaps, 0.99):0.0} ms", "(informational)", null),
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

    /// <summary>The recorded article's jobs written to a fresh SQLite queue one message each, then as fan-outs to another.</summary>
    private static async Task<(TimeSpan OneEach, TimeSpan FanOuts, int FanOutMessages)> CompareEnqueueAsync(
        string root, int chats, ResultRecord staged, CancellationToken cancellationToken)
    {
        var jobs = staged.Matches!.Take(chats).Select(m => new DeliveryJob
        {
            StoryId = staged.StoryId!, ChatId = m.ChatId, ArticleName = staged.Article, Topic = m.Topic, Evidence = m.Evidence,
        }).ToList();
        var oneEach = new SqliteDeliveryQueue(new SqliteDatabase(Path.Combine(root, "one-each.db")), TimeProvider.System);
        var fanOut = new SqliteDeliveryQueue(new SqliteDatabase(Path.Combine(root, "fan-out.db")), TimeProvider.System);
        await oneEach.CountAsync(cancellationToken);
        await fanOut.CountAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        await oneEach.EnqueueManyAsync([.. jobs.Select(j => j.ToBinary())], cancellationToken);
        var oneEachTime = watch.Elapsed;
        watch.Restart();
        var messages = DeliveryFanOut.Messages(jobs);
        await fanOut.EnqueueManyAsync(messages, cancellationToken);
        return (oneEachTime, watch.Elapsed, messages.Count);
    }

    private static double Percentile(List<double> values, double p) =>
        values.Count == 0 ? 0 : values.Order().ElementAt((int)Math.Min(values.Count - 1, p * values.Count));

    private const string Article = """
        Ferry capsizes off Zanzibar coast

        A passenger ferry carrying 84 people capsized off Zanzibar on Monday evening in rough seas, officials in Stone Town said. Rescue teams from the port authority and local fishermen searched through the night and pulled 71 survivors from the water.

        The vessel, the Mnazi Star, had left Pemba island in the afternoon and was due in Stone Town before dark. The regional commissioner said an inquiry would examine whether the ferry was overloaded and why it sailed after a storm warning.
        """;
}
