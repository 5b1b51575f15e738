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
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').Select(l => l.Trim()).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            current.Add(line);
            var next = i + 1 < lines.Count ? lines[i + 1] : string.Empty;
            if (!ContinuesOnNextLine(line, next))
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

    /// <summary>Hard-wrapped text: the line does not end a sentence and is either long or followed
    /// by a line that starts in lowercase. A short line such as a title or a label stands alone.</summary>
    private static bool ContinuesOnNextLine(string line, string next) =>
        next.Length > 0
        && !".!?:\"”’)".Contains(line[^1], StringComparison.Ordinal)
        && (line.Length >= 60 || char.IsLower(next[0]));
}
