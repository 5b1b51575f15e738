using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Topics;

internal static class TopicTestArticles
{
    public static Article Make(string title, params string[] paragraphs) => new("test.txt", title, paragraphs, null, null, null);

    /// <summary>The seed articles from ../shared/seeds, found by walking up from the test binary (never copied
    /// into the repository): first line as title, the rest as paragraphs.</summary>
    public static IReadOnlyList<Article> Seeds()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "seeds"), Path.Combine(dir.FullName, "..", "shared", "seeds") })
            {
                if (Directory.Exists(candidate))
                {
                    return [.. Directory.GetFiles(candidate, "*.txt").Order(StringComparer.Ordinal).Select(Read)];
                }
            }
        }

        throw new InvalidOperationException("shared/seeds was not found above the test binary.");
    }

    private static Article Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        return new Article(Path.GetFileName(path), lines[0], lines.Skip(1).ToList(), null, null, null);
    }
}
