using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Pipeline;
using SummaryBot.Functions.Tests.WorkerHost;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// The Functions worker as the host drives it (the test host of SummaryBot.Functions.Tests): its
/// cold start (process start to the first invocation answered) and one blob invocation (the
/// article's bytes and name over gRPC) against calling <see cref="ArticlePipeline"/> in-process,
/// both on folder state with the same articles and no subscribers.
/// </summary>
public sealed class FunctionsHostEvaluation : IEvaluation
{
    public string Name => "functions";

    public int Order => 90;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        var starts = context.Quick ? 1 : 3;
        var invocations = context.Quick ? 20 : 100;
        var article = Article();

        var coldStarts = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            await using var cold = await WorkerScenario.StartAsync();
            WorkerAssert.Succeeded(await cold.InvokeBlobWithBytesAsync("cold.txt", article));
            coldStarts.Add(cold.Worker.FirstInvocationAnsweredAfter!.Value.TotalMilliseconds);
            context.Log.WriteLine($"  cold start {i + 1}: {coldStarts[^1]:F0} ms");
        }

        await using var scenario = await WorkerScenario.StartAsync();
        var viaHost = await TimeAsync(invocations, async name => WorkerAssert.Succeeded(await scenario.InvokeBlobWithBytesAsync(name, article)));

        var state = Path.Combine(Path.GetTempPath(), "sb-direct-" + Guid.NewGuid().ToString("N"));
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:StateDirectory"] = state,
                ["Storage:InboxDirectory"] = Path.Combine(state, "inbox"),
            }).Build();
            await using var services = new ServiceCollection().AddLogging().AddSummaryBot(configuration).BuildServiceProvider();
            var pipeline = services.GetRequiredService<ArticlePipeline>();
            var direct = await TimeAsync(invocations, name => pipeline.ProcessAsync(name, BinaryData.FromBytes(article), cancellationToken));

            var cold = Median(coldStarts);
            return
            [
                new Figure("functions", "worker cold start: process start to first blob invocation answered", $"{cold:F0} ms", "-", null, $"median of {starts}"),
                new Figure("functions", "one blob invocation (bytes + name) through the host's gRPC stream", $"{Median(viaHost):F1} ms", "-", null, $"median of {invocations} after {Warmup} warm-up"),
                new Figure("functions", "the same article through ArticlePipeline.ProcessAsync in-process", $"{Median(direct):F1} ms", "-", null, $"median of {invocations} after {Warmup} warm-up"),
            ];
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private const int Warmup = 10;

    /// <summary>Runs <paramref name="work"/> for new article names: a warm-up, then <paramref name="count"/> timed calls.</summary>
    private static async Task<List<double>> TimeAsync(int count, Func<string, Task> work)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await work($"warmup-{i:D3}.txt");
        }

        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await work($"article-{i:D4}.txt");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>A 3 KB news-like article written for this evaluation.</summary>
    private static byte[] Article()
    {
        var paragraph = string.Create(CultureInfo.InvariantCulture,
            $"The harbour authority of Northport said on Tuesday that the new ferry terminal will open in March, after two years of work that cost 240 million euros. ");
        return System.Text.Encoding.UTF8.GetBytes("Northport ferry terminal to open in March\n\n" + string.Concat(Enumerable.Repeat(paragraph, 20)));
    }
}
