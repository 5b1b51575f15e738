using System.Diagnostics;
using SummaryBot.Core.Delivery.Outbox;

namespace SummaryBot.Tests.Fakes;

internal static class SenderExtensions
{
    /// <summary>
    /// Runs the sender (real time) until the outbox queue is empty or <paramref name="patience"/> has
    /// passed: jobs that wait for their chat's turn or for another job come back within seconds.
    /// </summary>
    public static async Task SendUntilEmptyAsync(this DeliveryQueueProcessor sender, IDeliveryQueue queue, TimeSpan? patience = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await sender.DrainAsync();
            if (await queue.CountAsync() == 0 || clock.Elapsed > (patience ?? TimeSpan.FromSeconds(8)))
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}
