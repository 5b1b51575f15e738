using SummaryBot.Tests.Fakes;
namespace SummaryBot.Tests.Articles;

/// <summary>Finds ../shared/seeds (the two real seed articles) by walking up from the test binary.</summary>
internal static class SharedSeeds
{
    public static string Directory()
    {
        return SharedData.SeedsDirectory;
    }

    public static (string Name, BinaryData Content) Read(string prefix)
    {
        var path = System.IO.Directory.GetFiles(Directory(), prefix + "*.txt").Single();
        return (Path.GetFileName(path), BinaryData.FromBytes(File.ReadAllBytes(path)));
    }
}
