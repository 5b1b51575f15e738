using System.Diagnostics;
using System.Globalization;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// Articles per second and peak memory of the whole pipeline on the embedded defaults (folder
/// store, offline summarizer, no console output), for generated 3 KB articles. The work runs in a
/// child process so that its peak working set is its own, not that of earlier evaluations. The
/// child first runs 1,000 other articles through a separate state folder (reported as the start-up
/// rate), so that the throughput figure is the steady rate, not the runtime's JIT warm-up.
/// </summary>
public sealed class PipelineThroughputEvaluation : IEvaluation
{
    public string Name => "pipeline";

    // First: the evaluations that write files delete them at the end, and on a file system without a
    // journal (this machine's ext4) inodes freed in the last minutes make new files dearer to create.
    public int Order => 10;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = context.Quick ? 1_000 : 10_000;
        var note = context.Quick ? $"quick run: {count} articles" : null;
        // The folder store first: on ext4 without a journal, the files it deletes at the end would slow a folder run after it.
        var folder = await RunWorkerAsync(count, "folder", cancellationToken);
        var sqlite = await RunWorkerAsync(count, "sqlite", cancellationToken);
        if (folder is null || sqlite is null)
        {
            return [new Figure("pipeline", "throughput", "error", "≥ 500 articles/s", false, $"a worker failed: folder {folder is not null}, sqlite {sqlite is not null}")];
        }

        var rate = sqlite["articles_per_second"];
        var before = folder["articles_per_second"];
        var peak = sqlite["peak_mb"];
        return
        [
            new Figure("pipeline", $"throughput, {count:N0} × 3 KB articles, SQLite store", $"{rate:F0} articles/s", "≥ 500 articles/s", rate >= 500, note),
            new Figure("pipeline", "the same, folder store (before), same run", $"{before:F0} articles/s", "-", null, note),
            new Figure("pipeline", "SQLite vs folder", $"{rate / before:F2}x", "≥ 1.5x", rate / before >= 1.5, note),
            new Figure("pipeline", "peak working set, SQLite / folder", $"{peak:F0} / {folder["peak_mb"]:F0} MB", "< 200 MB", peak < 200, note),
            new Figure("pipeline", "first 1,000 articles of the process (start-up, JIT), SQLite / folder", $"{sqlite["cold_articles_per_second"]:F0} / {folder["cold_articles_per_second"]:F0} articles/s", "-", null),
            new Figure("pipeline", "stories / alerts (SQLite; folder)", $"{sqlite["stories"]:F0} / {sqlite["alerts"]:F0}; {folder["stories"]:F0} / {folder["alerts"]:F0}", "-", null),
        ];
    }

    /// <summary>Runs the worker in a child process; its key=value lines, or null when it failed.</summary>
    private static async Task<Dictionary<string, double>?> RunWorkerAsync(int count, string store, CancellationToken cancellationToken)
    {
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
        start.Environment[PipelineWorker.StoreVariable] = store;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
        return process.ExitCode == 0 && values.ContainsKey("articles_per_second") ? values : null;
    }
}
