using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>
/// Turns the element that holds an article into paragraphs, in reading order: paragraphs, list
/// items that are not mostly links, block quotes, preformatted text, and headings that read as
/// sentences (a lead set in &lt;h2&gt;); short headings are section labels and are left out.
/// </summary>
internal static partial class HtmlBlocks
{
    private const string BlockSelector = "p, li, blockquote, pre, h1, h2, h3, h4, h5, h6, dd";

    public static List<string> Paragraphs(IElement root)
    {
        var blocks = new List<string>();
        foreach (var element in root.QuerySelectorAll(BlockSelector))
        {
            if (Keep(element) && Text(element) is { } text)
            {
                blocks.Add(text);
            }
        }

        if (blocks.Count == 0 && !MostlyLinks(root))
        {
            // Text set in <div>s and <br>s without any block element: its lines are the paragraphs.
            // (Text that is mostly links is a menu.)
            blocks = PlainTextFormat.SplitParagraphs(LineText(root));
        }

        return blocks;
    }

    /// <summary>The characters of paragraph text inside an element (how much article it holds).</summary>
    public static int ParagraphTextLength(IElement element) => element.QuerySelectorAll("p").Sum(p => p.TextContent.Length);

    /// <summary>Text with whitespace folded, or null when there is none.</summary>
    public static string? Text(IElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = WhitespaceRegex().Replace(element.TextContent, " ").Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A heading that is a sentence (a lead or standfirst), not a label: it ends like a
    /// sentence or runs to at least eight words.</summary>
    public static bool IsSentenceHeading(string text) =>
        ".!?\"”’".Contains(text[^1], StringComparison.Ordinal) || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 8;

    private static bool Keep(IElement element)
    {
        switch (element.LocalName)
        {
            case "p":
                // A <p> inside a <li> or block quote is read on its own; the container is skipped.
                return true;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                return Text(element) is { } heading && IsSentenceHeading(heading);
            default:
                if (element.QuerySelector("p, li, blockquote, pre") is not null || element.ParentElement?.Closest("li, blockquote, pre, p") is not null)
                {
                    return false;
                }

                return element.LocalName != "li" || !MostlyLinks(element);
        }
    }

    /// <summary>A list item that is a menu entry: most of its text is link text.</summary>
    private static bool MostlyLinks(IElement element)
    {
        var total = element.TextContent.Trim().Length;
        var links = element.QuerySelectorAll("a").Sum(a => a.TextContent.Trim().Length);
        return total == 0 || links * 2 > total;
    }

    private static string LineText(IElement element)
    {
        var clone = (IElement)element.Clone(deep: true);
        foreach (var br in clone.QuerySelectorAll("br").ToList())
        {
            br.Replace(clone.Owner!.CreateTextNode("\n"));
        }

        foreach (var block in clone.QuerySelectorAll("div, section, tr, article, header").ToList())
        {
            block.Append(clone.Owner!.CreateTextNode("\n\n"));
        }

        return clone.TextContent;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();
}
