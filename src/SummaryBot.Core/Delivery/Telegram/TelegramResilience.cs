using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>
/// The Telegram HTTP client's standard resilience handler, set for the Bot API: every attempt gets
/// <c>Telegram:RequestTimeoutSeconds</c> (a long poll adds its own wait), and the requests that put
/// nothing into a chat (getMe, setMyCommands, getChatMember, getChatAdministrators, getUpdates…) are
/// retried up to <c>Telegram:MaxRetries</c> times after a 5xx, a connection failure or a timeout, with
/// exponential backoff. A request that posts (sendMessage, editMessageText…) gets one attempt: when it
/// times out Telegram may have delivered it, and a blind retry would post a second copy; the outbox
/// queue decides instead (see <c>ChatSender</c>). A 429 is never retried here either: the Bot API says
/// when to come back in its body (<c>retry_after</c>), and the caller (the outbox queue) acts on it.
/// </summary>
internal static class TelegramResilience
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    public static void Configure(HttpStandardResilienceOptions resilience, TelegramOptions telegram)
    {
        var requestTimeout = TimeSpan.FromSeconds(telegram.RequestTimeoutSeconds);
        var pollTimeout = requestTimeout + TimeSpan.FromSeconds(telegram.PollingTimeoutSeconds);

        resilience.AttemptTimeout.Timeout = pollTimeout; // The longest attempt; each request gets its own below.
        resilience.AttemptTimeout.TimeoutGenerator = args =>
            ValueTask.FromResult(IsPoll(MethodOf(args.Context)) ? pollTimeout : requestTimeout);

        resilience.Retry.MaxRetryAttempts = Math.Max(1, telegram.MaxRetries); // 0 retries: ShouldHandle says no.
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.Delay = FirstBackoff;
        resilience.Retry.MaxDelay = MaxBackoff;
        resilience.Retry.ShouldRetryAfterHeader = false;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
            telegram.MaxRetries > 0
            && !TelegramRequests.IsPosting(MethodOf(args.Context))
            && args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests
            && HttpClientResiliencePredicates.IsTransient(args.Outcome));

        // Every attempt of a read, with its backoffs, fits in the total.
        resilience.TotalRequestTimeout.Timeout = (pollTimeout + MaxBackoff) * (telegram.MaxRetries + 1);

        // No circuit breaker: an open circuit would refuse sends for failures of reads (or of other
        // chats' sends), and the outbox queue already backs off each job on its own.
        resilience.CircuitBreaker.ShouldHandle = _ => PredicateResult.False();
        resilience.CircuitBreaker.SamplingDuration = pollTimeout * 2; // The standard handler's rule; unused.
    }

    private static string? MethodOf(ResilienceContext context) => TelegramRequests.MethodName(context.GetRequestMessage()?.RequestUri);

    private static bool IsPoll(string? method) => string.Equals(method, "getUpdates", StringComparison.OrdinalIgnoreCase);
}
