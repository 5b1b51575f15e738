using Microsoft.Azure.Functions.Worker;
using SummaryBot.Core.Delivery.Digests;

namespace SummaryBot.Functions;

/// <summary>Every five minutes, sends the digests that have fallen due.</summary>
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
