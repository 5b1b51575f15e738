using Microsoft.Azure.Functions.Worker;
using SummaryBot.Core.Delivery.Digests;

namespace SummaryBot.Functions;

/// <summary>Every five minutes, writes a digest job to the outbox queue for each chat whose digest has fallen due (the queue-triggered sender sends it).</summary>
public sealed class DigestTimerFunction(DigestScheduler scheduler)
{
    [Function(nameof(DigestTimerFunction))]
    public async Task RunAsync(
        [TimerTrigger("0 */5 * * * *")] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        await scheduler.RunDueAsync(cancellationToken);
    }
}
