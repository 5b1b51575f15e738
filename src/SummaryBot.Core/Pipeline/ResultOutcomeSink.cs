using SummaryBot.Core.Delivery;
using SummaryBot.Core.Delivery.Outbox;
using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Pipeline;

/// <summary>
/// Writes what the sender did into the article's result record: each chat leaves
/// <see cref="ResultRecord.Pending"/> for <see cref="ResultRecord.Deliveries"/> or
/// <see cref="ResultRecord.Undelivered"/>. One conditional update per article and sender pass.
/// </summary>
public sealed class ResultOutcomeSink(IObjectStore store) : IDeliveryOutcomeSink
{
    public async Task RecordAsync(string articleName, IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        await store.UpdateJsonAsync<ResultRecord>(ResultPaths.Result(articleName), current => current is null ? null : Apply(current, outcomes), cancellationToken);
    }

    internal static ResultRecord Apply(ResultRecord record, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var deliveries = (record.Deliveries ?? []).ToList();
        var undelivered = (record.Undelivered ?? []).ToList();
        var pending = (record.Pending ?? []).ToHashSet();
        foreach (var outcome in outcomes)
        {
            var chat = outcome.Address;
            pending.Remove(chat);
            if (outcome.Kind is { } kind)
            {
                deliveries.RemoveAll(d => d.Address == chat);
                undelivered.RemoveAll(u => u.Address == chat);
                deliveries.Add(new ResultDelivery(chat.ChatId, kind.ToString().ToLowerInvariant(), outcome.MessageId, outcome.Resent ? true : null, chat.ThreadId));
            }
            else if (outcome.Error is { } error && !deliveries.Any(d => d.Address == chat))
            {
                undelivered.RemoveAll(u => u.Address == chat);
                undelivered.Add(new ResultUndelivered(chat.ChatId, error, chat.ThreadId));
            }
        }

        return record with
        {
            Deliveries = deliveries,
            Undelivered = undelivered.Count > 0 ? undelivered : null,
            Pending = pending.Count > 0 ? [.. (record.Pending ?? []).Where(pending.Contains)] : null,
        };
    }
}
