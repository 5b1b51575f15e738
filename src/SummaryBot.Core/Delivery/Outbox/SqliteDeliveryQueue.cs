using SummaryBot.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>
/// The embedded outbox queue: a table in the state database (<c>{StateDirectory}/summarybot.db</c>)
/// with the semantics of an Azure Storage queue. Each receive is one UPDATE … RETURNING statement,
/// so two processes on the machine never receive the same message while it is hidden; a receipt is
/// a fresh random value per receive, so a holder whose message timed out and was received again can
/// no longer delete it. Times come from the one machine's clock (the queue's own time).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A message queue, named after the Azure Storage queue it models.")]
public sealed class SqliteDeliveryQueue(SqliteDatabase database, TimeProvider timeProvider) : IDeliveryQueue
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS delivery_queue (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            body BLOB NOT NULL,
            visible_at INTEGER NOT NULL,
            dequeue_count INTEGER NOT NULL DEFAULT 0,
            receipt TEXT NULL);
        CREATE INDEX IF NOT EXISTS delivery_queue_visible ON delivery_queue (visible_at, id);
        """;

    private readonly Lazy<Task> _created = new(() => database.ExecuteAsync(Schema, _ => { }, CancellationToken.None));

    public async Task EnqueueAsync(BinaryData body, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        await _created.Value;
        await database.ExecuteAsync(
            "INSERT INTO delivery_queue (body, visible_at) VALUES ($body, $visibleAt)",
            c =>
            {
                c.Parameters.AddWithValue("$body", body.ToArray());
                c.Parameters.AddWithValue("$visibleAt", At(delay));
            },
            cancellationToken);
    }

    public async Task EnqueueManyAsync(IReadOnlyList<BinaryData> bodies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        await _created.Value;
        var visibleAt = At(TimeSpan.Zero);
        await database.InTransactionAsync(
            "INSERT INTO delivery_queue (body, visible_at) VALUES ($body, $visibleAt)",
            bodies,
            (c, body) =>
            {
                c.Parameters.AddWithValue("$body", body.ToArray());
                c.Parameters.AddWithValue("$visibleAt", visibleAt);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        await _created.Value;
        return await database.QueryAsync(
            """
            UPDATE delivery_queue
               SET visible_at = $until, dequeue_count = dequeue_count + 1, receipt = lower(hex(randomblob(16)))
             WHERE id IN (SELECT id FROM delivery_queue WHERE visible_at <= $now ORDER BY visible_at, id LIMIT $max)
            RETURNING id, receipt, body, dequeue_count
            """,
            c =>
            {
                c.Parameters.AddWithValue("$until", At(visibilityTimeout));
                c.Parameters.AddWithValue("$now", At(TimeSpan.Zero));
                c.Parameters.AddWithValue("$max", maxMessages);
            },
            r => new QueueMessage(
                r.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.GetString(1),
                BinaryData.FromBytes((byte[])r.GetValue(2)),
                r.GetInt32(3)),
            cancellationToken);
    }

    public async Task<bool> DeleteAsync(QueueMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _created.Value;
        var deleted = await database.QueryAsync(
            "DELETE FROM delivery_queue WHERE id = $id AND receipt = $receipt RETURNING id",
            c =>
            {
                c.Parameters.AddWithValue("$id", long.Parse(message.Id, System.Globalization.CultureInfo.InvariantCulture));
                c.Parameters.AddWithValue("$receipt", message.Receipt);
            },
            r => r.GetInt64(0),
            cancellationToken);
        return deleted.Count == 1;
    }

    public async Task<QueueMessage?> MakeVisibleAfterAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _created.Value;
        var receipts = await database.QueryAsync(
            """
            UPDATE delivery_queue SET visible_at = $at, receipt = lower(hex(randomblob(16)))
             WHERE id = $id AND receipt = $receipt
            RETURNING receipt
            """,
            c =>
            {
                c.Parameters.AddWithValue("$at", At(delay));
                c.Parameters.AddWithValue("$id", long.Parse(message.Id, System.Globalization.CultureInfo.InvariantCulture));
                c.Parameters.AddWithValue("$receipt", message.Receipt);
            },
            r => r.GetString(0),
            cancellationToken);
        return receipts.Count == 1 ? message with { Receipt = receipts[0] } : null;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var counts = await database.QueryAsync("SELECT count(*) FROM delivery_queue", _ => { }, r => r.GetInt32(0), cancellationToken);
        return counts[0];
    }

    private long At(TimeSpan delay) => (timeProvider.GetUtcNow() + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay)).ToUnixTimeMilliseconds();
}
