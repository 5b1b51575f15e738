using SummaryBot.Core.Storage;
using SummaryBot.Core.Pipeline;

namespace SummaryBot.Tests.Storage;

public sealed class StatePathsTests
{
    [Theory]
    [InlineData("01-rail-link.txt")]
    [InlineData("sub/folder/Ærø news.html")]
    [InlineData("000_09975875220c8e60.txt")]
    public void Result_UsualName_KeepsTheKeyExistingResultsUse(string name) =>
        Assert.Equal($"results/{name}.json", ResultPaths.Result(name));

    [Theory]
    [InlineData("a//b.txt")]
    [InlineData("back\\slash.txt")]
    [InlineData("/leading.txt")]
    [InlineData("trailing/")]
    [InlineData("dots/../up.txt")]
    [InlineData("~hashed/0123")]
    [InlineData("line\nbreak.txt")]
    public void Result_OddName_IsHashedToAFixedLengthKey(string name)
    {
        var path = ResultPaths.Result(name);

        Assert.StartsWith("results/~hashed/", path, StringComparison.Ordinal);
        Assert.Equal("results/~hashed/".Length + 64 + ".json".Length, path.Length);
        Assert.NotEqual(path, ResultPaths.Result(name + "x"));
    }

    [Fact]
    public void Result_LongNames_FitEveryBackend()
    {
        var folderLimit = new string('é', 120) + ".txt"; // 244 UTF-8 bytes: over a folder's 255 with the temp suffix
        var blobLimit = new string('n', 1020) + ".txt";

        Assert.StartsWith("results/~hashed/", ResultPaths.Result(folderLimit), StringComparison.Ordinal);
        Assert.StartsWith("results/~hashed/", ResultPaths.Result(blobLimit), StringComparison.Ordinal);
        Assert.Equal($"results/{new string('x', 190)}.txt.json", ResultPaths.Result(new string('x', 190) + ".txt"));
    }
}
