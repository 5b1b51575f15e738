namespace SummaryBot.Core.Storage;

/// <summary>The input side: where operators drop article files. Read only; never modified.</summary>
public interface IArticleInbox
{
    /// <summary>A human description for logs, e.g. the folder path or container name (never a secret).</summary>
    string Description { get; }

    /// <summary>Every file in the inbox, in ordinal order of names: the ones to read, and the ones
    /// the inbox will not read, each with the reason (<see cref="InboxEntry.SkipReason"/>).</summary>
    IAsyncEnumerable<InboxEntry> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one file, or null when it no longer exists.</summary>
    Task<BinaryData?> ReadAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>A file in an inbox listing.</summary>
/// <param name="Name">The file's name, relative to the inbox ('/' between folders).</param>
/// <param name="Version">Changes whenever the file does (size and modification time, or the blob's ETag).</param>
/// <param name="WrittenAt">When the file was last written, for a file that can be seen while it is
/// being written (a folder); null where a file appears only once complete (a blob).</param>
/// <param name="SkipReason">Why the inbox will not read this file, or null.</param>
public sealed record InboxEntry(string Name, string Version, DateTimeOffset? WrittenAt, string? SkipReason = null)
{
    public static InboxEntry Skip(string name, string reason) => new(name, string.Empty, null, reason);
}
