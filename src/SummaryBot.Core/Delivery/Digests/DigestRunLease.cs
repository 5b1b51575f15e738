using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Delivery.Digests;

/// <summary>
/// A held claim on one chat's <see cref="DigestRunState"/>. Every save is conditional on the ETag of
/// the previous write and renews the claim; a save that finds the document changed means another run
/// took the chat over (this run outlived its lease), and throws <see cref="DigestClaimLostException"/>
/// so that this run sends nothing more.
/// </summary>
internal sealed class DigestRunLease
{
    private readonly IObjectStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _duration;
    private readonly string _path;
    private string _etag;

    private DigestRunLease(IObjectStore store, TimeProvider timeProvider, TimeSpan duration, string path, DigestRunState state, string etag)
    {
        _store = store;
        _timeProvider = timeProvider;
        _duration = duration;
        _path = path;
        State = state;
        _etag = etag;
    }

    public DigestRunState State { get; private set; }

    /// <summary>
    /// Claims the chat by replacing <paramref name="current"/> only if its ETag still matches. Claims
    /// are never made by create-if-absent: that is only as atomic as the store makes it, while
    /// replace-if-ETag is what every store serializes.
    /// </summary>
    /// <returns>Null when another run wrote the document since <paramref name="current"/> was read.</returns>
    public static async Task<DigestRunLease?> TryAcquireAsync(
        IObjectStore store, TimeProvider timeProvider, TimeSpan duration, Versioned<DigestRunState> current, string runId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        var path = DigestPaths.Run(new(current.Value.ChatId, current.Value.ThreadId));
        var state = current.Value with { Claim = new DigestClaim(runId, timeProvider.GetUtcNow() + duration) };
        var etag = await store.TryReplaceAsync(path, SummaryBotJson.Serialize(state), current.ETag, cancellationToken);
        return etag is null ? null : new DigestRunLease(store, timeProvider, duration, path, state, etag);
    }

    /// <summary>Writes a change and renews the claim.</summary>
    public Task SaveAsync(Func<DigestRunState, DigestRunState> change, CancellationToken cancellationToken) =>
        WriteAsync(change(State) with { Claim = State.Claim! with { Until = _timeProvider.GetUtcNow() + _duration } }, cancellationToken);

    /// <summary>Writes a last change and gives the chat up for the next run.</summary>
    public Task ReleaseAsync(Func<DigestRunState, DigestRunState> change, CancellationToken cancellationToken) =>
        WriteAsync(change(State) with { Claim = null }, cancellationToken);

    private async Task WriteAsync(DigestRunState next, CancellationToken cancellationToken)
    {
        var etag = await _store.TryReplaceAsync(_path, SummaryBotJson.Serialize(next), _etag, cancellationToken)
            ?? throw new DigestClaimLostException($"The digest state '{_path}' changed under this run: another run took the chat over.");
        _etag = etag;
        State = next;
    }
}

/// <summary>Another scheduler run took over a chat's digest while this one still worked on it.</summary>
public sealed class DigestClaimLostException : Exception
{
    public DigestClaimLostException()
    {
    }

    public DigestClaimLostException(string message)
        : base(message)
    {
    }

    public DigestClaimLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
