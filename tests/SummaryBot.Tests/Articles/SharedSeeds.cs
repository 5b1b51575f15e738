namespace SummaryBot.Tests.Articles;

/// <summary>Finds ../shared/seeds (the two real seed articles) by walking up from the test binary.</summary>
internal static class SharedSeeds
{
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seeds");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"shared/seeds was not found above {AppContext.BaseDirectory}; clone the repo with shared/ beside it.");
    }

    public static (string Name, BinaryData Content) Read(string prefix)
    {
        var path = System.IO.Directory.GetFiles(Directory(), prefix + "*.txt").Single();
        return (Path.GetFileName(path), BinaryData.FromBytes(File.ReadAllBytes(path)));
    }
}
