using System.Text;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Subscriptions;

namespace SummaryBot.Core.Delivery;

/// <summary>
/// Renders the alert for one (story, chat): headline, summary, source link, other outlets, and why
/// it matched. Every piece of article text is escaped; the result never exceeds Telegram's limit.
/// </summary>
public static class AlertFormatter
{
    public const int MaxMessageLength = 4096;
    private const int MaxOutletsListed = 12;

    /// <param name="summary">The summary in the chat's language (with a note when it could not be made);
    /// null for the story's own.</param>
    public static OutboxMessage Format(StoryDocument story, string topic, IReadOnlyList<string> evidence, LocalizedSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(evidence);
        var shown = summary?.Summary ?? story.Summary;
        var first = story.Sources.Count > 0 ? story.Sources[0] : null;

        var tail = new StringBuilder();
        if (first is not null)
        {
            var href = HtmlText.SafeHref(first.Url);
            var label = HtmlText.Escape(first.Outlet ?? (href is null ? first.ArticleName : "Source"));
            tail.Append("Source: ").Append(href is null ? label : $"<a href=\"{href}\">{label}</a>").Append('\n');
        }

        var others = story.AlsoReportedBy();
        if (others.Count > 0)
        {
            tail.Append("Also reported by: ")
                .Append(HtmlText.Escape(string.Join(", ", others.Take(MaxOutletsListed))));
            if (others.Count > MaxOutletsListed)
            {
                tail.Append(" and ").Append(others.Count - MaxOutletsListed).Append(" more");
            }

            tail.Append('\n');
        }

        if (summary?.Note is { } note)
        {
            tail.Append("<i>").Append(HtmlText.Escape(note)).Append("</i>\n");
        }

        tail.Append("Topic: <b>").Append(HtmlText.Escape(topic)).Append("</b>");
        if (evidence.Count > 0)
        {
            tail.Append(" · matched ").Append(HtmlText.Escape(string.Join(", ", evidence)));
        }

        var head = $"<b>{HtmlText.Escape(shown.Headline)}</b>\n";
        var room = MaxMessageLength - head.Length - tail.Length - 2;
        var text = HtmlText.Escape(Shorten(shown.Text, Math.Max(0, room)));
        var html = $"{head}{text}\n\n{tail}";
        if (html.Length > MaxMessageLength)
        {
            html = html[..MaxMessageLength];
        }

        var label2 = topic.Length > 40 ? topic[..39] + "…" : topic;
        return new OutboxMessage(html, [new MessageButton($"Unsubscribe: {label2}", $"unsub:{TopicKey.For(topic)}")]);
    }

    /// <summary>Cuts plain text to at most <paramref name="max"/> characters (before escaping, which
    /// can only grow it; the escaped form is checked again by the caller) at a word boundary.</summary>
    private static string Shorten(string text, int max)
    {
        // Escaping can multiply the length by up to 6 (&quot;), so budget conservatively.
        var budget = max / 6 >= text.Length ? text.Length : Math.Max(0, max / 2);
        if (text.Length <= budget)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', Math.Max(0, budget - 1));
        return (cut > 0 ? text[..cut] : text[..budget]) + "…";
    }
}
