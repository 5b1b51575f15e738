namespace SummaryBot.Core.Bot;

/// <summary>A command as a chat typed it: <c>/subscribe@SummaryBot Russia–North Korea</c>.</summary>
/// <param name="Name">The command without slash or bot name, lower case (<c>subscribe</c>).</param>
/// <param name="Arguments">Everything after the command, trimmed (may be empty).</param>
/// <param name="AddressedTo">The bot name after <c>@</c>, when the command named one.</param>
public sealed record BotCommandText(string Name, string Arguments, string? AddressedTo)
{
    /// <summary>True when the command names another bot (<c>/help@OtherBot</c>): not ours to answer.</summary>
    public bool IsForOtherBot(string? botUsername) =>
        AddressedTo is not null && !string.Equals(AddressedTo, botUsername, StringComparison.OrdinalIgnoreCase);
}

public static class BotCommandParser
{
    /// <summary>Longest command Telegram accepts (setMyCommands: 1-32 characters).</summary>
    private const int MaxNameLength = 32;

    /// <summary>Parses a message that starts with <c>/</c>; null for anything else.</summary>
    public static BotCommandText? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.TrimStart();
        if (trimmed.Length < 2 || trimmed[0] != '/')
        {
            return null;
        }

        var end = trimmed.AsSpan(1).IndexOfAny([' ', '\n', '\t', '\r']);
        var head = end < 0 ? trimmed[1..] : trimmed[1..(end + 1)];
        var arguments = end < 0 ? string.Empty : trimmed[(end + 1)..].Trim();
        string? addressedTo = null;
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            addressedTo = head[(at + 1)..];
            head = head[..at];
        }

        if (head.Length is 0 or > MaxNameLength || !head.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        return new BotCommandText(head.ToLowerInvariant(), arguments, addressedTo);
    }
}
