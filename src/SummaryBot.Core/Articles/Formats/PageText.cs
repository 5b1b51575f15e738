using System.Globalization;
using AngleSharp.Dom;

namespace SummaryBot.Core.Articles.Formats;

/// <summary>What visible text a page has, in words, for a rejection reason that says what was
/// found ("63 words of visible text, 48 of them in links").</summary>
internal static class PageText
{
    public static string Describe(IElement body)
    {
        // Counted per text node: TextContent glues "Home" and "Sport" of adjacent menu items.
        var words = body.GetDescendants().OfType<IText>().Sum(t => Words(t.Data));
        if (words == 0)
        {
            return "the page has no visible text";
        }

        var linkWords = body.QuerySelectorAll("a").Sum(a => a.GetDescendants().OfType<IText>().Sum(t => Words(t.Data)));
        var paragraphs = body.QuerySelectorAll("p").Count(p => Words(p.TextContent) >= 12);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"the page has {words:N0} words of visible text, {linkWords:N0} of them in links, and {paragraphs:N0} paragraphs of 12 words or more");
    }

    private static int Words(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var wordChar = !char.IsWhiteSpace(c);
            words += wordChar && !inWord ? 1 : 0;
            inWord = wordChar;
        }

        return words;
    }
}
