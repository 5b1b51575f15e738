using SummaryBot.Tests.Fakes;
namespace SummaryBot.Tests.Fakes.Telegram;

/// <summary>The two real seed articles about one story, read at run time from <c>shared/seeds</c>
/// (found by walking up from the test binary); never copied into the repository.</summary>
internal static class SeedArticles
{
    public static IReadOnlyList<(string Name, string Text)> Load()
    {
        return [.. SharedData.SeedFiles.Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];
    }
}
