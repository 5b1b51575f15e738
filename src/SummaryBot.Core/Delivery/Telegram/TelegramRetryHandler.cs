using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SummaryBot.Core.Delivery.Telegram;

/// <summary>
/// Gives every Bot API request a timeout per attempt, and retries the requests that put nothing into
/// a chat (getMe, getChatMember, answerCallbackQuery…) after a 5xx answer, a connection failure or a
/// timeout, with exponential backoff. A request that posts (sendMessage, editMessageText…) gets one
/// attempt: when it times out Telegram may have delivered it, and a blind retry would post a second
/// copy; the outbox queue decides instead (see <c>DeliveryService</c>). Long polls are not retried
/// either (the polling loop asks again). Logs name the method only, never the URL (it holds the token).
/// </summary>
public sealed class TelegramRetryHandler(IOptions<TelegramOptions> options, TimeProvider timeProvider, ILogger<TelegramRetryHandler> logger) : DelegatingHandler
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var method = TelegramRequests.MethodName(request.RequestUri) ?? "?";
        var isPoll = string.Equals(method, "getUpdates", StringComparison.OrdinalIgnoreCase);
        var attemptTimeout = TimeSpan.FromSeconds(settings.RequestTimeoutSeconds + (isPoll ? settings.PollingTimeoutSeconds : 0));
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            var last = attempt >= settings.MaxRetries || isPoll || TelegramRequests.IsPosting(method);
            using var timeout = new CancellationTokenSource(attemptTimeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            string failure;
            try
            {
                var response = await base.SendAsync(request, linked.Token);
                if ((int)response.StatusCode < 500 || last)
                {
                    return response;
                }

                failure = $"HTTP {(int)response.StatusCode}";
                response.Dispose();
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (last)
                {
                    throw new TimeoutException($"Telegram {method} did not answer within {attemptTimeout.TotalSeconds:0} s.");
                }

                failure = "timeout";
            }
            catch (HttpRequestException e) when (!last)
            {
                failure = e.HttpRequestError.ToString();
            }

            var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << attempt));
            logger.LogWarning("Telegram {Method} failed ({Failure}); retry {Attempt} in {Backoff}", method, failure, attempt + 1, backoff);
            await Task.Delay(backoff, timeProvider, cancellationToken);
        }
    }
}
