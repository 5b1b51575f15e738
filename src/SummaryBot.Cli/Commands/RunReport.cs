using SummaryBot.Core.Pipeline;

namespace SummaryBot.Cli.Commands;

/// <summary>One line per file of an inbox pass, then totals.</summary>
internal static class RunReport
{
    public static void Write(TextWriter writer, string inbox, IReadOnlyList<InboxItemOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            writer.WriteLine(Describe(outcome));
        }

        var now = outcomes.Where(o => o.Result is not null && !o.Skipped).ToList();
        var rejected = now.Count(o => o.Result!.Status == ResultStatus.Rejected);
        var failed = outcomes.Count(o => o.Error is not null);
        writer.WriteLine($"{outcomes.Count} file(s) in {inbox}: " +
            $"{now.Count - rejected} processed now, {rejected} rejected, " +
            $"{outcomes.Count(o => o.Skipped)} already done, {outcomes.Count(o => o.NotRead is not null)} not read, {failed} failed (will retry).");
    }

    /// <summary>The line of one file, as a watching run prints it when the file is done.</summary>
    public static string Describe(InboxItemOutcome outcome)
    {
        if (outcome.NotRead is not null)
        {
            return $"  - {outcome.Name}: not read: {outcome.NotRead}";
        }

        if (outcome.Error is not null)
        {
            return $"  ! {outcome.Name}: failed: {outcome.Error}";
        }

        if (outcome.Result is not { } result)
        {
            return $"  - {outcome.Name}: gone before it was read";
        }

        var prefix = outcome.Skipped ? "  = " : "  + ";
        var status = result.Status.ToString().ToLowerInvariant();
        return result.Status switch
        {
            ResultStatus.Rejected => $"{prefix}{result.Article}: rejected: {result.Reason}",
            ResultStatus.Duplicate => $"{prefix}{result.Article}: {status} of {result.DuplicateOf} (story {result.StoryId}){Deliveries(result)}",
            _ => $"{prefix}{result.Article}: {status} (story {result.StoryId}){Deliveries(result)}",
        };
    }

    private static string Deliveries(ResultRecord result) =>
        result.Deliveries is { Count: > 0 } deliveries
            ? "; " + string.Join(", ", deliveries.Select(d => d.ThreadId is { } topic ? $"{d.Kind} to chat {d.ChatId} (topic {topic})" : $"{d.Kind} to chat {d.ChatId}"))
            : string.Empty;
}
