namespace SummaryBot.Cli;

/// <summary>The gist of an exception as one line, for the CLI's messages.</summary>
internal static class CliErrors
{
    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // The Azure SDK wraps retried failures in an AggregateException, and options and DI failures
        // can wrap the real one: show the innermost, which says what went wrong.
        var inner = e;
        while (true)
        {
            if (inner is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                inner = aggregate.InnerExceptions[^1];
            }
            else if (inner.InnerException is { } next && inner is not IOException and not UnauthorizedAccessException)
            {
                inner = next;
            }
            else
            {
                break;
            }
        }

        var line = inner.Message.Split('\n')[0].Trim();
        return line.Length > 0 ? line : inner.GetType().Name;
    }
}
