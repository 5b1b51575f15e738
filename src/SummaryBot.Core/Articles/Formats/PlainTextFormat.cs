namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// Plain text: blocks separated by blank lines. Inside a block a line that ends a sentence starts a
/// new paragraph, and a line that does not (hard-wrapped text) is joined to the next one. The title
/// is left to the cleaner, which takes the first line that is not a dateline or breadcrumb.
/// </summary>
internal static class PlainTextFormat
{
    public static ArticleDraft Parse(string text) => new(null, SplitParagraphs(text));

    public static List<string> SplitParagraphs(string text)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            current.Add(line);
            if (EndsParagraph(line))
            {
                Flush();
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Count > 0)
            {
                paragraphs.Add(string.Join(' ', current));
                current.Clear();
            }
        }
    }

    /// <summary>A line ending in sentence punctuation, or a short line (a title, a label), stands alone.</summary>
    private static bool EndsParagraph(string line) =>
        line.Length < 60 || ".!?:\"”’)".Contains(line[^1], StringComparison.Ordinal);
}
