namespace SummaryBot.Core.Delivery.Outbox;

/// <summary>Where the final outcome of each delivery job is written (the article's result record).</summary>
public interface IDeliveryOutcomeSink
{
    /// <summary>Records the outcomes of jobs of one article, all at once.</summary>
    Task RecordAsync(string articleName, IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken = default);
}
