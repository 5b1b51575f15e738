using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SummaryBot.Cli;

/// <summary>
/// The CLI's log lines: level, category and message on one line; an exception adds its message,
/// never its stack trace (a person at a terminal wants what went wrong, not where in the code).
/// </summary>
internal sealed class OneLineConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "summarybot";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var category = logEntry.Category[(logEntry.Category.LastIndexOf('.') + 1)..];
        textWriter.Write($"{Level(logEntry.LogLevel)}: {category}: {Flatten(message ?? string.Empty)}");
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write($" ({CliErrors.Describe(exception)})");
        }

        textWriter.WriteLine();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private static string Flatten(string text) => text.ReplaceLineEndings(" ");
}
