using SummaryBot.Core.Summaries;

namespace SummaryBot.Tests.Fakes;

/// <summary>
/// A hand-written <see cref="ISummaryTranslator"/>: counts calls per language, writes
/// "[{code}] headline" / "[{code}] text", and, while <see cref="Gate"/> is set, holds every call until
/// the gate opens (to keep a call in flight while others race it). <see cref="Failing"/> languages fail.
/// </summary>
public sealed class GatedTranslator : ISummaryTranslator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when the first call has started.</summary>
    public TaskCompletionSource FirstCallStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    public bool IsAvailable => true;

    public int Calls(string code)
    {
        lock (_lock)
        {
            return _calls.GetValueOrDefault(code);
        }
    }

    public int TotalCalls
    {
        get
        {
            lock (_lock)
            {
                return _calls.Values.Sum();
            }
        }
    }

    public async Task<TranslatedSummary> TranslateAsync(Summary summary, SummaryLanguage language, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _calls[language.Code] = _calls.GetValueOrDefault(language.Code) + 1;
        }

        FirstCallStarted.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return Failing.Contains(language.Code)
            ? TranslatedSummary.Failed("the test model fails on " + language.Code)
            : new TranslatedSummary(new Summary($"[{language.Code}] {summary.Headline}", $"[{language.Code}] {summary.Text}", SummarizerNames.AzureOpenAI), null);
    }
}
