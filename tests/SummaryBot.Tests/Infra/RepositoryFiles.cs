namespace SummaryBot.Tests.Infra;

/// <summary>Locates files of the repository from the test binary's folder.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string PathOf(params string[] relativeParts) => Path.Combine([Root, .. relativeParts]);

    public static string ReadAllText(params string[] relativeParts)
    {
        var path = PathOf(relativeParts);
        Assert.True(File.Exists(path), $"Expected file {path} to exist.");
        return File.ReadAllText(path);
    }

    /// <summary>C# sources under <paramref name="relativeDirectory"/>, without build output.</summary>
    public static IEnumerable<string> CSharpSources(string relativeDirectory) =>
        Directory.EnumerateFiles(PathOf(relativeDirectory), "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal);

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SummaryBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SummaryBot.sln above {AppContext.BaseDirectory}.");
    }
}
