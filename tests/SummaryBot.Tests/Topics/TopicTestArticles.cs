using SummaryBot.Tests.Fakes;
using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Topics;

internal static class TopicTestArticles
{
    public static Article Make(string title, params string[] paragraphs) => new("test.txt", title, paragraphs, null, null, null);

    /// <summary>The seed articles from ../shared/seeds, found by walking up from the test binary (never copied
    /// into the repository): first line as title, the rest as paragraphs.</summary>
    public static IReadOnlyList<Article> Seeds()
    {
        return [.. Directory.GetFiles(SharedData.SeedsDirectory, "*.txt").Order(StringComparer.Ordinal).Select(Read)];
    }

    private static Article Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        return new Article(Path.GetFileName(path), lines[0], lines.Skip(1).ToList(), null, null, null);
    }
}
