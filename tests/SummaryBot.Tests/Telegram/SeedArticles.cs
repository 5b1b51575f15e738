namespace SummaryBot.Tests.Telegram;

/// <summary>The two real seed articles about one story, read at run time from <c>shared/seeds</c>
/// (found by walking up from the test binary); never copied into the repository.</summary>
internal static class SeedArticles
{
    public static IReadOnlyList<(string Name, string Text)> Load()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var seeds = Path.Combine(directory.FullName, "shared", "seeds");
            if (Directory.Exists(seeds))
            {
                return [.. Directory.GetFiles(seeds).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
            }
        }

        throw new DirectoryNotFoundException("shared/seeds was not found above " + AppContext.BaseDirectory);
    }
}
