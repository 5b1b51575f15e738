namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// One group of figures for the report table. Every non-abstract class implementing this in the
/// assembly is discovered and run by <c>summarybot-bench eval</c>, in <see cref="Order"/>.
/// </summary>
public interface IEvaluation
{
    /// <summary>Short name used to pick it from the command line, e.g. "topics".</summary>
    string Name { get; }

    int Order { get; }

    Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken);
}

/// <summary>One measured figure and its target.</summary>
/// <param name="Target">The target as people read it, e.g. "&lt; 50 µs" or "≥ LEAD-3 (26.77)".</param>
/// <param name="Passed">Null when the figure has no target (informational) or could not be measured.</param>
public sealed record Figure(string Group, string Name, string Value, string Target, bool? Passed, string? Note = null);

/// <summary>What every evaluation may use: where the research data lives, and how to report progress.</summary>
public sealed class EvaluationContext(string? evalDataDirectory, bool quick, TextWriter log)
{
    /// <summary>The ../shared/eval folder when it exists, else null (evaluations then report "not run").</summary>
    public string? EvalDataDirectory { get; } = evalDataDirectory;

    /// <summary>Smaller sizes for a fast smoke run (CI); figures are then informational.</summary>
    public bool Quick { get; } = quick;

    public TextWriter Log { get; } = log;

    public string? EvalFile(string fileName)
    {
        if (EvalDataDirectory is null)
        {
            return null;
        }

        var path = Path.Combine(EvalDataDirectory, fileName);
        return File.Exists(path) ? path : null;
    }
}
