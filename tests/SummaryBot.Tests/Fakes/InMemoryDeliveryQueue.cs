using SummaryBot.Core.Delivery.Outbox;

namespace SummaryBot.Tests.Fakes;

/// <summary>The outbox queue's semantics in memory, on the clock it is given (the queue's own time).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A message queue.")]
public sealed class InMemoryDeliveryQueue(TimeProvider clock) : IDeliveryQueue
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private long _nextId;

    /// <summary>Every body ever enqueued (to count jobs written).</summary>
    public int EnqueuedCount { get; private set; }

    public Task EnqueueAsync(BinaryData body, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _entries.Add(new Entry(++_nextId, body) { VisibleAt = clock.GetUtcNow() + Positive(delay) });
            EnqueuedCount++;
        }

        return Task.CompletedTask;
    }

    public async Task EnqueueManyAsync(IReadOnlyList<BinaryData> bodies, CancellationToken cancellationToken = default)
    {
        foreach (var body in bodies)
        {
            await EnqueueAsync(body, TimeSpan.Zero, cancellationToken);
        }
    }

    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var taken = new List<QueueMessage>();
            foreach (var entry in _entries.Where(e => e.VisibleAt <= now).OrderBy(e => e.VisibleAt).ThenBy(e => e.Id).Take(maxMessages))
            {
                entry.VisibleAt = now + visibilityTimeout;
                entry.DequeueCount++;
                entry.Receipt = Guid.NewGuid().ToString("N");
                taken.Add(new QueueMessage(entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Receipt, entry.Body, entry.DequeueCount));
            }

            return Task.FromResult<IReadOnlyList<QueueMessage>>(taken);
        }
    }

    public Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.RemoveAll(e => Matches(e, message)) == 1);
        }
    }

    public Task<QueueMessage?> MakeVisibleAfterAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e => Matches(e, message));
            if (entry is null)
            {
                return Task.FromResult<QueueMessage?>(null);
            }

            entry.VisibleAt = clock.GetUtcNow() + Positive(delay);
            entry.Receipt = Guid.NewGuid().ToString("N");
            return Task.FromResult<QueueMessage?>(message with { Receipt = entry.Receipt });
        }
    }

    public Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.Count);
        }
    }

    private static bool Matches(Entry entry, QueueMessage message) =>
        entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == message.Id && entry.Receipt == message.Receipt;

    private static TimeSpan Positive(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;

    private sealed class Entry(long id, BinaryData body)
    {
        public long Id { get; } = id;

        public BinaryData Body { get; } = body;

        public DateTimeOffset VisibleAt { get; set; }

        public int DequeueCount { get; set; }

        public string? Receipt { get; set; }
    }
}
