namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// Measures how deep a page nests its elements with one linear pass over the markup, before any
/// parser sees it: HTML parsers take time that grows with the square of the nesting depth (40,000
/// nested &lt;div&gt; took AngleSharp 13.7 s), so a page nested deeper than a browser would build is
/// refused up front. Void elements and elements whose end tag the parser implies (&lt;p&gt;,
/// &lt;li&gt;, &lt;td&gt;, &lt;a&gt;...) do not add depth, so sloppy but ordinary markup is not refused;
/// script, style and comment contents are skipped.
/// </summary>
internal static class HtmlNesting
{
    /// <summary>Chromium's HTML parser stops nesting at 512 levels; no real page needs more.</summary>
    public const int MaxDepth = 512;

    /// <summary>The parser's work, and that of every later pass over the tree, grows with the
    /// depth of every element: the sum of the depths at which elements open. A large real page
    /// (20,000 elements about 30 deep) sums to about 600,000; 10 million leaves a wide margin and
    /// refuses only pages built to be both deep and large (1.9 MB of elements 500 deep sums to 65 million).</summary>
    public const long MaxWork = 10_000_000;

    public readonly record struct Nesting(int Depth, int Elements, long Work);

    private static readonly HashSet<string> NonNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rb", "rt", "rp", "colgroup",
        "a", "form", "button", "nobr", "html", "head", "body", "!doctype",
    };

    /// <summary>The depth reached (counted up to <see cref="MaxDepth"/> + 1, where the scan stops),
    /// the elements seen and the sum of their depths.</summary>
    public static Nesting Measure(string html)
    {
        var open = new List<string>();
        var max = 0;
        var elements = 0;
        long work = 0;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }

            var closing = html[i + 1] == '/';
            var nameStart = i + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '!' or '-' or ':'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]) && html[nameStart] != '!')
            {
                i++;
                continue;
            }

            var name = html[nameStart..nameEnd];
            var tagEnd = html.IndexOf('>', nameEnd);
            if (tagEnd < 0)
            {
                break;
            }

            i = tagEnd + 1;
            if (closing)
            {
                var at = open.FindLastIndex(o => o.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (at >= 0)
                {
                    open.RemoveRange(at, open.Count - at);
                }

                continue;
            }

            if (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)
                || name.Equals("textarea", StringComparison.OrdinalIgnoreCase) || name.Equals("title", StringComparison.OrdinalIgnoreCase))
            {
                var end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : end;
                continue;
            }

            // "<div/>" still opens a div in HTML: only void elements ignore the slash.
            if (NonNesting.Contains(name))
            {
                continue;
            }

            open.Add(name);
            elements++;
            work += open.Count;
            if (open.Count > max)
            {
                max = open.Count;
                if (max > MaxDepth)
                {
                    break;
                }
            }
        }

        return new Nesting(max, elements, work);
    }
}
