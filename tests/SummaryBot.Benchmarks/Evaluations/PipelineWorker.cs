using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Delivery;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>The child process of <see cref="PipelineThroughputEvaluation"/>: runs the pipeline on generated articles and prints key=value lines.</summary>
internal static class PipelineWorker
{
    public const string Command = "pipeline-worker";

    private static readonly string[] Places = ["Valmora", "Porto Vela", "Kestrel Bay", "Norhaven", "Idrisport", "Lumen", "Carrow", "Tessaly"];
    private static readonly string[] Subjects = ["harbour", "ferry", "railway", "school", "hospital", "bridge", "airport", "market", "dam", "library"];
    private static readonly string[] Verbs = ["reopened", "closed", "expanded", "was inspected", "was renamed", "received new funding", "was damaged", "was sold"];
    private static readonly string[] Filler =
    [
        "officials said the work would take several months", "residents welcomed the decision at a public meeting",
        "the council will publish its report next week", "local businesses expect more visitors in the spring",
        "the regional governor visited the site on Tuesday", "engineers found no structural problems",
        "the budget was approved by a narrow vote", "unions asked for talks about working hours",
    ];

    /// <summary>Articles processed before the measured run, in a state folder of their own, so that
    /// the figure is the steady rate rather than the start-up of the runtime (JIT, first use).</summary>
    private const int WarmUpArticles = 1_000;

    private static int _inboxConcurrency;
    private static TimeSpan _sendLatency;

    /// <param name="count">Articles in the measured run.</param>
    /// <param name="inboxConcurrency">0: the pipeline called one article at a time; otherwise the
    /// articles go through a folder inbox and <see cref="InboxProcessor"/> with this <c>Inbox:MaxConcurrency</c>.</param>
    /// <param name="sendLatencyMs">How long each send and edit of the outbox takes in the measured run (a stand-in for Telegram).</param>
    public static async Task<int> RunAsync(int count, int inboxConcurrency = 0, int sendLatencyMs = 0)
    {
        _inboxConcurrency = inboxConcurrency;
        var warmUpState = Directory.CreateTempSubdirectory("sb-bench-warm-").FullName;
        var state = Directory.CreateTempSubdirectory("sb-bench-").FullName;
        try
        {
            var warmUp = await ProcessAsync(warmUpState, Enumerable.Range(1_000_000, WarmUpArticles));
            _sendLatency = TimeSpan.FromMilliseconds(sendLatencyMs); // the measured run only
            var run = await ProcessAsync(state, Enumerable.Range(0, count));
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(FormattableString.Invariant($"articles_per_second={count / run.Elapsed.TotalSeconds}"));
            Console.WriteLine(FormattableString.Invariant($"cold_articles_per_second={WarmUpArticles / warmUp.Elapsed.TotalSeconds}"));
            Console.WriteLine(FormattableString.Invariant($"peak_mb={self.PeakWorkingSet64 / (1024.0 * 1024.0)}"));
            Console.WriteLine(FormattableString.Invariant($"stories={run.Stories}"));
            Console.WriteLine(FormattableString.Invariant($"alerts={run.Alerts}"));
            return 0;
        }
        finally
        {
            Directory.Delete(warmUpState, recursive: true);
            Directory.Delete(state, recursive: true);
        }
    }

    /// <summary>Runs the generated articles numbered <paramref name="numbers"/> through a fresh service
    /// provider over <paramref name="state"/> (20 chats subscribed), timing the pipeline calls only.</summary>
    private static async Task<(TimeSpan Elapsed, int Stories, int Alerts)> ProcessAsync(string state, IEnumerable<int> numbers)
    {
        var inbox = Path.Combine(state, "..", Path.GetFileName(state) + "-inbox");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:StateDirectory"] = state,
            ["Storage:InboxDirectory"] = inbox,
            ["Inbox:MaxConcurrency"] = Math.Max(1, _inboxConcurrency).ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
        services.AddSingleton<IOutbox, NullOutbox>();
        services.AddSummaryBot(configuration);
        await using var provider = services.BuildServiceProvider();

        var subscriptions = provider.GetRequiredService<SubscriptionService>();
        for (var chat = 1; chat <= 20; chat++)
        {
            await subscriptions.SubscribeAsync(chat, Places[chat % Places.Length], ChatKind.Console);
            await subscriptions.SubscribeAsync(chat, Subjects[chat % Subjects.Length], ChatKind.Console);
        }

        var pipeline = provider.GetRequiredService<ArticlePipeline>();
        var articles = numbers.Select(i => (Name: $"gen-{i:D7}.txt", Content: BinaryData.FromString(Generate(i)))).ToList();

        var stories = new HashSet<string>();
        var alerts = 0;
        void Count(ResultRecord result)
        {
            if (result.StoryId is not null)
            {
                stories.Add(result.StoryId);
            }

            alerts += result.Deliveries?.Count(d => d.Kind == "alert") ?? 0;
        }

        if (_inboxConcurrency > 0)
        {
            try
            {
                Directory.CreateDirectory(inbox);
                foreach (var (name, content) in articles)
                {
                    await File.WriteAllBytesAsync(Path.Combine(inbox, name), content.ToArray());
                }

                var processor = provider.GetRequiredService<InboxProcessor>();
                var timer = Stopwatch.StartNew();
                var outcomes = await processor.ProcessPendingAsync();
                var elapsed = timer.Elapsed;
                foreach (var outcome in outcomes)
                {
                    Count(outcome.Result ?? throw new InvalidOperationException($"{outcome.Name} failed: {outcome.Error}"));
                }

                return (elapsed, stories.Count, alerts);
            }
            finally
            {
                Directory.Delete(inbox, recursive: true);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        foreach (var (name, content) in articles)
        {
            Count(await pipeline.ProcessAsync(name, content));
        }

        return (stopwatch.Elapsed, stories.Count, alerts);
    }

    /// <summary>A deterministic ~3 KB article; every fifth one retells the previous event in other words.</summary>
    private static string Generate(int i)
    {
        var eventId = i % 5 == 4 ? i - 1 : i;
        var random = new Random(eventId);
        var place = Places[random.Next(Places.Length)];
        var subject = Subjects[random.Next(Subjects.Length)];
        var verb = Verbs[random.Next(Verbs.Length)];
        var number = random.Next(10, 5000);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"The {subject} in {place} {verb} after {number} complaints (report {eventId})\n\n");
        var wording = new Random(i);
        while (builder.Length < 3000)
        {
            builder.Append(CultureInfo.InvariantCulture, $"The {subject} in {place} {verb} on day {eventId % 28 + 1}, and {Filler[wording.Next(Filler.Length)]}. ");
            builder.Append(CultureInfo.InvariantCulture, $"Spokesperson {place} {eventId} said {number} people were affected, and {Filler[wording.Next(Filler.Length)]}.\n\n");
        }

        return builder.ToString();
    }

    private sealed class NullOutbox : IOutbox
    {
        private long _id;

        public async Task<long> SendAsync(ChatAddress chat, OutboxMessage message, CancellationToken cancellationToken = default)
        {
            if (_sendLatency > TimeSpan.Zero)
            {
                await Task.Delay(_sendLatency, cancellationToken);
            }

            return Interlocked.Increment(ref _id);
        }

        public Task EditAsync(ChatAddress chat, long messageId, OutboxMessage message, CancellationToken cancellationToken = default) =>
            _sendLatency > TimeSpan.Zero ? Task.Delay(_sendLatency, cancellationToken) : Task.CompletedTask;
    }
}
