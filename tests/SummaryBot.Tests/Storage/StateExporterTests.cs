using SummaryBot.Core.Storage;

namespace SummaryBot.Tests.Storage;

public sealed class StateExporterTests
{
    [Theory]
    [InlineData("a.txt.json", "a.txt.json")]
    [InlineData("Россия–КНДР.md.json", "Россия–КНДР.md.json")]
    [InlineData("50%.json", "50%25.json")]
    [InlineData("a<b>c\"d|e*f\\g.json", "a%3Cb%3Ec%22d%7Ce%2Af%5Cg.json")]
    [InlineData("tab\there.json", "tab%09here.json")]
    [InlineData("ends with space ", "ends with space%20")]
    [InlineData("nul.txt.json", "%6Eul.txt.json")]
    [InlineData("COM1", "%43OM1")]
    [InlineData("CONSOLE.json", "CONSOLE.json")]
    public void SafeName_Name_IsEscapedOnlyWhereSomeFileSystemRefusesIt(string name, string expected)
    {
        Assert.Equal(expected, StateExporter.SafeName(name));
    }

    [Fact]
    public void SafeName_VeryLongName_IsCutWithAHashThatKeepsNamesApart()
    {
        var one = StateExporter.SafeName(new string('ж', 300) + "1.json");
        var two = StateExporter.SafeName(new string('ж', 300) + "2.json");

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(one) <= 200);
        Assert.NotEqual(one, two);
    }

    [Fact]
    public void RelativeFileFor_Path_MapsEachSegmentToAFolderOrFile()
    {
        Assert.Equal(Path.Combine("deliveries", "s1", "7.json"), StateExporter.RelativeFileFor("deliveries/s1/7.json"));
        Assert.Throws<ArgumentException>(() => StateExporter.RelativeFileFor("../escape.json"));
    }
}
