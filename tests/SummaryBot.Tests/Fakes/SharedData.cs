namespace SummaryBot.Tests.Fakes;

/// <summary>Finds the project's shared folder (../shared beside the repository clone).</summary>
public static class SharedData
{
    public static string SeedsDirectory => Find("seeds");

    public static string[] SeedFiles => [.. Directory.GetFiles(SeedsDirectory).Order(StringComparer.Ordinal)];

    private static string Find(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"shared/{name} was not found above {AppContext.BaseDirectory}; clone the repository next to the shared folder.");
    }
}
