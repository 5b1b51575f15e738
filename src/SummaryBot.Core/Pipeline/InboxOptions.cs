using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.Pipeline;

/// <summary>Configuration section <c>Inbox</c>: how the CLI's <see cref="InboxProcessor"/> works through an inbox.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary><c>Inbox:MaxConcurrency</c>: files processed at the same time (default 4), so that one
    /// slow file does not hold back the others.</summary>
    [Range(1, 64, ErrorMessage = "Inbox:MaxConcurrency must be between 1 and 64.")]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary><c>Inbox:SettleTime</c>: when watching a folder, a file is read only once its size and
    /// modification time have not changed for this long (default 2 seconds), so that a file still
    /// being copied is not read half-written.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Inbox:SettleTime must be between 00:00:00 and 00:10:00.")]
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(2);
}
