using System.ClientModel.Primitives;
using System.Globalization;

namespace SummaryBot.Core.AzureOpenAI;

/// <summary>
/// The retry policy for the Azure OpenAI pipeline: the SDK's rules for what to retry (408, 429,
/// 5xx, network faults and per-try timeouts) with a small, configurable budget; the server's
/// <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c> or <c>Retry-After</c> is honoured, and when it
/// asks for a longer wait than <paramref name="maxRetryAfter"/> the policy stops retrying so the
/// caller can fall back at once. Otherwise the delay doubles from <paramref name="baseDelay"/>.
/// Waits go through <paramref name="timeProvider"/> so tests control them.
/// </summary>
public sealed class SummaryRetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxRetryAfter, TimeProvider timeProvider)
    : ClientRetryPolicy(maxRetries)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) && !AsksForTooLongAWait(message);

    protected override async ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception) && !AsksForTooLongAWait(message);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ServerDelay(message) is { } requested)
        {
            return requested;
        }

        var exponent = Math.Clamp(tryCount - 1, 0, 16);
        var backoff = baseDelay * Math.Pow(2, exponent);
        return backoff < MaxBackoff ? backoff : MaxBackoff;
    }

    protected override Task WaitAsync(TimeSpan time, CancellationToken cancellationToken) =>
        time <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(time, timeProvider, cancellationToken);

    protected override void Wait(TimeSpan time, CancellationToken cancellationToken) =>
        WaitAsync(time, cancellationToken).GetAwaiter().GetResult();

    private bool AsksForTooLongAWait(PipelineMessage message) => ServerDelay(message) > maxRetryAfter;

    /// <summary>The wait the server asked for, if any: milliseconds headers first (Azure OpenAI
    /// sends them), then <c>Retry-After</c> as seconds or an HTTP date.</summary>
    private TimeSpan? ServerDelay(PipelineMessage message)
    {
        var headers = message.Response?.Headers;
        if (headers is null)
        {
            return null;
        }

        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (headers.TryGetValue(name, out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (!headers.TryGetValue("Retry-After", out var retryAfter) || string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
