using System.Diagnostics;
using System.Globalization;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// Articles per second and peak memory of the whole pipeline on the embedded defaults (SQLite
/// state, offline summarizer, no console output), for generated 3 KB articles. The work runs in a
/// child process so that its peak working set is its own, not that of earlier evaluations. The
/// child first runs 1,000 other articles through a separate state database (reported as the start-up
/// rate), so that the throughput figure is the steady rate, not the runtime's JIT warm-up.
/// </summary>
public sealed class PipelineThroughputEvaluation : IEvaluation
{
    public string Name => "pipeline";

    public int Order => 10;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        var count = context.Quick ? 1_000 : 10_000;
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PipelineThroughputEvaluation).Assembly.Location);
        }

        start.ArgumentList.Add(PipelineWorker.Command);
        start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
        if (process.ExitCode != 0 || !values.TryGetValue("articles_per_second", out var rate) || !values.TryGetValue("peak_mb", out var peak))
        {
            return [new Figure("pipeline", "throughput", "error", "≥ 500 articles/s", false, $"worker exited {process.ExitCode}: {output}")];
        }

        var note = context.Quick ? $"quick run: {count} articles" : null;
        return
        [
            new Figure("pipeline", $"throughput, {count:N0} × 3 KB articles", $"{rate:F0} articles/s", "≥ 500 articles/s", rate >= 500, note),
            new Figure("pipeline", "peak working set", $"{peak:F0} MB", "< 200 MB", peak < 200, note),
            new Figure("pipeline", "first 1,000 articles of the process (start-up, JIT)", $"{values.GetValueOrDefault("cold_articles_per_second"):F0} articles/s", "-", null),
            new Figure("pipeline", "stories / alerts", $"{values.GetValueOrDefault("stories"):F0} / {values.GetValueOrDefault("alerts"):F0}", "-", null),
        ];
    }
}
