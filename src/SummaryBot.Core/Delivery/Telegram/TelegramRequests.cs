namespace SummaryBot.Core.Delivery.Telegram;

internal static class TelegramRequests
{
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
