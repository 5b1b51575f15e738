using System.Globalization;
using System.Text;
using SummaryBot.Core.Stories;

namespace SummaryBot.Core.Delivery.Digests;

/// <summary>A queued story together with the story document it refers to.</summary>
public sealed record DigestItem(DigestQueueEntry Entry, StoryDocument Story);

/// <summary>One message of a digest and the items it carries.</summary>
public sealed record DigestPart(OutboxMessage Message, IReadOnlyList<DigestItem> Items);

/// <summary>
/// Renders a digest: a title line, then the stories grouped by topic, each a headline, a one-line
/// summary, its outlets and a link. Split into messages of at most
/// <see cref="AlertFormatter.MaxMessageLength"/> characters between entries, never inside one; a topic
/// cut by a split is headed again "(continued)". Every piece of article text is escaped.
/// </summary>
public static class DigestFormatter
{
    private const int MaxHeadline = 300;
    private const int MaxSummaryLine = 450;
    private const int MaxOutlets = 400;
    private const int MaxHref = 1200;
    private const int MaxTopic = 300;
    private const int OneLinePlain = 220;
    private const int OutletsListed = 4;

    /// <param name="title">The title line, already HTML (escaped by the caller).</param>
    /// <param name="topicOrder">Topics in the order the chat added them; others follow alphabetically.</param>
    public static IReadOnlyList<DigestPart> Format(
        IReadOnlyList<DigestItem> items, string title, IReadOnlyList<string> topicOrder, int maxLength = AlertFormatter.MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(topicOrder);
        if (items.Count == 0)
        {
            return [];
        }

        // Room for the title with the widest part counter, so numbering after packing never overflows.
        var reserved = Title(title, items.Count, items.Count, items.Count).Length + 1;
        var budget = maxLength - reserved;
        var parts = new List<(StringBuilder Body, List<DigestItem> Items)>();
        (StringBuilder Body, List<DigestItem> Items)? current = null;
        string? currentTopic = null;

        foreach (var group in Grouped(items, topicOrder))
        {
            foreach (var item in group)
            {
                var entry = Entry(item.Story);
                var heading = $"\n<b>{Cut(item.Entry.Topic, MaxTopic)}</b>\n";
                var needsHeading = current is null || currentTopic != item.Entry.Topic;
                var needed = (needsHeading ? heading.Length : 0) + entry.Length;
                if (current is null || current.Value.Body.Length + needed > budget)
                {
                    current = (new StringBuilder(), new List<DigestItem>());
                    parts.Add(current.Value);
                    var continued = currentTopic == item.Entry.Topic;
                    current.Value.Body.Append(continued ? $"\n<b>{Cut(item.Entry.Topic, MaxTopic)}</b> (continued)\n" : heading);
                }
                else if (needsHeading)
                {
                    current.Value.Body.Append(heading);
                }

                currentTopic = item.Entry.Topic;
                current.Value.Body.Append(entry);
                current.Value.Items.Add(item);
            }
        }

        return [.. parts.Select((part, index) => new DigestPart(
            OutboxMessage.Text(Title(title, items.Count, index + 1, parts.Count) + "\n" + part.Body.ToString().TrimEnd('\n')),
            part.Items))];
    }

    /// <summary>Items grouped by topic (chat order first), oldest queued first within a topic.</summary>
    private static IEnumerable<IReadOnlyList<DigestItem>> Grouped(IReadOnlyList<DigestItem> items, IReadOnlyList<string> topicOrder) =>
        items.GroupBy(i => i.Entry.Topic, StringComparer.Ordinal)
            .OrderBy(g => Rank(topicOrder, g.Key))
            .ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (IReadOnlyList<DigestItem>)[.. g.OrderBy(i => i.Entry.QueuedAt).ThenBy(i => i.Entry.StoryId, StringComparer.Ordinal)]);

    private static int Rank(IReadOnlyList<string> order, string topic)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (string.Equals(order[i], topic, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string Title(string title, int stories, int part, int parts)
    {
        var count = stories == 1 ? "1 story" : $"{stories.ToString(CultureInfo.InvariantCulture)} stories";
        var counter = parts > 1 ? string.Create(CultureInfo.InvariantCulture, $" · part {part}/{parts}") : string.Empty;
        return $"<b>{title}</b> · {count}{counter}";
    }

    /// <summary>One story: bounded in length whatever the article text, so it always fits a message.</summary>
    private static string Entry(StoryDocument story)
    {
        var headline = string.IsNullOrWhiteSpace(story.Summary.Headline) && story.Sources.Count > 0 ? story.Sources[0].Title : story.Summary.Headline;
        var builder = new StringBuilder();
        builder.Append("• <b>").Append(Cut(headline, MaxHeadline)).Append("</b>\n");
        var line = OneLine(story.Summary.Text);
        if (line.Length > 0 && !string.Equals(line.TrimEnd('.'), headline?.Trim().TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            builder.Append(Cut(line, MaxSummaryLine)).Append('\n');
        }

        // Outlets only: when a report's outlet is unknown its title would merely repeat the headline.
        var outlets = story.Sources.Select(s => s.Outlet!).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var tail = new List<string>();
        if (outlets.Count > 0)
        {
            var listed = string.Join(", ", outlets.Take(OutletsListed));
            var more = outlets.Count > OutletsListed ? string.Create(CultureInfo.InvariantCulture, $" +{outlets.Count - OutletsListed} more") : string.Empty;
            tail.Add(Cut(listed, MaxOutlets) + more);
        }

        var href = story.Sources.Select(s => HtmlText.SafeHref(s.Url)).FirstOrDefault(h => h is not null && h.Length <= MaxHref);
        if (href is not null)
        {
            tail.Add($"<a href=\"{href}\">Read</a>");
        }

        if (tail.Count > 0)
        {
            builder.Append(string.Join(" · ", tail)).Append('\n');
        }

        return builder.Append('\n').ToString();
    }

    /// <summary>The first sentence of the summary when it is short enough, else the text cut at a word.</summary>
    private static string OneLine(string text)
    {
        var flat = string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        for (var i = 20; i < flat.Length - 1 && i <= OneLinePlain; i++)
        {
            if (flat[i] is '.' or '!' or '?' && flat[i + 1] == ' ')
            {
                return flat[..(i + 1)];
            }
        }

        if (flat.Length <= OneLinePlain)
        {
            return flat;
        }

        var cut = flat.LastIndexOf(' ', OneLinePlain);
        return (cut > OneLinePlain / 2 ? flat[..cut] : flat[..OneLinePlain]) + "…";
    }

    /// <summary>Escapes <paramref name="text"/> and cuts it so that the escaped form fits <paramref name="max"/>
    /// characters, never inside an entity or a surrogate pair.</summary>
    private static string Cut(string? text, int max)
    {
        var escaped = HtmlText.Escape(text);
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var builder = new StringBuilder(max);
        foreach (var rune in (text ?? string.Empty).EnumerateRunes())
        {
            var piece = HtmlText.Escape(rune.ToString());
            if (builder.Length + piece.Length > max - 1)
            {
                break;
            }

            builder.Append(piece);
        }

        return builder.Append('…').ToString();
    }
}
