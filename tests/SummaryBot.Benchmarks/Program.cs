using System.Reflection;
using SummaryBot.Benchmarks;
using BenchmarkDotNet.Running;
using SummaryBot.Benchmarks.Evaluations;

// Usage:
//   eval [NAME...] [--quick] [--data DIR]   run evaluations and print figure / target / pass
//   bench [BenchmarkDotNet args]            run the BenchmarkDotNet micro-benchmarks
if (args.Length is >= 2 and <= 4 && args[0] == PipelineWorker.Command)
{
    // pipeline-worker COUNT [INBOX_CONCURRENCY [SEND_LATENCY_MS]]: with a concurrency, through a folder
    // inbox and InboxProcessor (what `run --once` does), optionally with an outbox that takes that long per send.
    var numbers = args[1..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    return await PipelineWorker.RunAsync(numbers[0], numbers.Length > 1 ? numbers[1] : 0, numbers.Length > 2 ? numbers[2] : 0);
}

if (args.Length > 0 && args[0] == "bench")
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
    return 0;
}

var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && a != "eval").ToHashSet(StringComparer.OrdinalIgnoreCase);
var quick = args.Contains("--quick");
var dataIndex = Array.IndexOf(args, "--data");
var dataDir = dataIndex >= 0 && dataIndex + 1 < args.Length ? args[dataIndex + 1] : FindSharedEval();
if (dataDir is not null && !Directory.Exists(dataDir))
{
    dataDir = null;
}

Console.WriteLine(dataDir is null
    ? "Evaluation data: not found (looked for ../shared/eval above the working directory); quality figures will say 'not run'."
    : $"Evaluation data: {dataDir}");

var context = new EvaluationContext(dataDir, quick, Console.Out);
var evaluations = typeof(Program).Assembly.GetTypes()
    .Where(t => typeof(IEvaluation).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IEvaluation)Activator.CreateInstance(t)!)
    .Where(e => names.Count == 0 || names.Contains(e.Name))
    .OrderBy(e => e.Order)
    .ToList();

var figures = new List<Figure>();
foreach (var evaluation in evaluations)
{
    Console.WriteLine($"== {evaluation.Name}");
    figures.AddRange(await evaluation.RunAsync(context, CancellationToken.None));
}

ReportTable.Write(Console.Out, figures);
return 0;

static string? FindSharedEval()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "eval");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }

        candidate = Path.Combine(dir.FullName, "..", "shared", "eval");
        if (Directory.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }
    }

    return null;
}

internal sealed partial class Program;
