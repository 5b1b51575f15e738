using SummaryBot.Tests.Fakes;
using SummaryBot.Core.Articles;

namespace SummaryBot.Tests.Stories;

/// <summary>Articles written for these tests, and the two seed reports read from shared/seeds.</summary>
internal static class StoryTestArticles
{
    public static readonly DateTimeOffset Day = new(2024, 2, 20, 9, 0, 0, TimeSpan.Zero);

    private const string Background =
        "The two countries have forged closer ties since Kim Jong Un and Vladimir Putin met in September, as both face deepening " +
        "international isolation over Russia's war in Ukraine and North Korea's nuclear weapons programme. Washington and Seoul " +
        "accuse Pyongyang of supplying artillery shells and ballistic missiles to Moscow, which both governments deny.";

    public static Article DefencePact(string name = "pact.txt") => new(
        name,
        "Putin and Kim sign mutual defence pact in Pyongyang",
        [
            "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a comprehensive strategic partnership treaty on Wednesday that obliges each side to provide immediate military assistance if the other is attacked.",
            "The treaty, signed at the Kumsusan guest house during Putin's first visit to Pyongyang in 24 years, replaces agreements dating from 1961 and 2000. Kim called it \"the strongest treaty ever\" between the two nations and said it amounted to an alliance.",
            "Putin said the mutual defence clause would apply in case of \"aggression\" against either signatory, and added that Moscow did not rule out military-technical cooperation with Pyongyang.",
            Background,
            "Analysts in Seoul said the mutual assistance clause was the most significant security commitment Moscow had made in Asia since the end of the Cold War.",
        ],
        null, null, Day);

    public static Article CarGift(string name = "car.txt") => new(
        name,
        "Putin gives Kim a Russian-made Aurus limousine",
        [
            "Russian President Vladimir Putin has given North Korean leader Kim Jong Un a Russian-made Aurus car for his personal use, state media KCNA reported on Tuesday.",
            "The vehicle was handed to Kim's aides on February 18. Kim's sister Kim Yo Jong thanked Moscow, calling the gift \"a clear demonstration of the special personal relations\" between the leaders.",
            "Kim, a known enthusiast of luxury cars, inspected the Aurus Senat limousine during his visit to the Vostochny cosmodrome last year. UN Security Council resolutions ban the export of luxury vehicles to North Korea.",
            Background,
        ],
        null, null, Day);

    public static Article MissileLaunch(string name = "missile.txt") => new(
        name,
        "North Korea launches ballistic missile into the sea",
        [
            "North Korea fired a short-range ballistic missile off its east coast early on Thursday, South Korea's Joint Chiefs of Staff said, the latest in a string of weapons tests this year.",
            "The missile flew about 600 kilometres before splashing down in the sea between the Korean Peninsula and Japan, outside Japan's exclusive economic zone, the Japanese defence ministry said.",
            "Tokyo lodged a protest through diplomatic channels in Beijing. The launch came hours after the United States and South Korea began joint air drills involving stealth fighter jets.",
            Background,
        ],
        null, null, Day);

    public static Article Bridge(string name = "bridge.txt") => new(
        name,
        "Russia and North Korea open road bridge across the Tumen river",
        [
            "Russia and North Korea held a ceremony on Friday to open a road bridge across the Tumen river, the first direct road link between the two countries, officials in Vladivostok said.",
            "The one-kilometre bridge, built in eighteen months at a cost of about 9 billion roubles, is expected to carry trucks and buses from the Khasan border crossing to Tumangang station.",
            "Russian Prime Minister Mikhail Mishustin attended by video link. Freight traffic has so far relied on a single railway bridge built in 1959.",
            Background,
        ],
        null, null, Day);

    /// <summary>The two seed reports (shared/seeds), or null when the folder is not beside the repository.</summary>
    public static IReadOnlyList<Article>? Seeds()
    {
        return Directory.GetFiles(SharedData.SeedsDirectory, "*.txt").Order(StringComparer.Ordinal).Take(2).Select(ReadSeed).ToList();
    }

    /// <summary>An article about nothing in particular, made of random made-up words.</summary>
    public static Article Synthetic(Random random, string name)
    {
        string Word() => new([.. Enumerable.Range(0, random.Next(5, 9)).Select(_ => (char)('a' + random.Next(26)))]);
        var paragraphs = Enumerable.Range(0, 3)
            .Select(_ => string.Join(' ', Enumerable.Range(0, 40).Select(_ => Word())) + ".")
            .ToList();
        return new Article(name, string.Join(' ', Enumerable.Range(0, 6).Select(_ => Word())), paragraphs, null, null, Day);
    }

    private static Article ReadSeed(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return new Article(Path.GetFileName(path), lines[0], lines[1..], null, null, Day);
    }
}
