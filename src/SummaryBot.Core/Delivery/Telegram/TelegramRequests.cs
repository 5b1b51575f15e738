namespace SummaryBot.Core.Delivery.Telegram;

internal static class TelegramRequests
{
    private static readonly string[] PostingMethods = ["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"];

    /// <summary>Methods that put something into a chat: rate limited, and never retried by the HTTP
    /// pipeline (a request that timed out may have arrived; the outbox queue decides about a resend).</summary>
    public static bool IsPosting(string? method) => method is not null && PostingMethods.Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <summary>The Bot API method of a request URL (<c>…/bot{token}/sendMessage</c> → <c>sendMessage</c>),
    /// so that nothing else needs to look at the path, which holds the token.</summary>
    public static string? MethodName(Uri? uri)
    {
        if (uri is null)
        {
            return null;
        }

        var path = uri.AbsolutePath;
        var slash = path.LastIndexOf('/');
        return slash < 0 || slash == path.Length - 1 ? null : path[(slash + 1)..];
    }
}
