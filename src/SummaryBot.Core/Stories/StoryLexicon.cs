using System.Collections.Frozen;

namespace SummaryBot.Core.Stories;

/// <summary>
/// The built-in prior that stands in for inverse document frequency. Every worker uses the same
/// table, so two workers (or a retry) always compute the same fingerprint for the same article.
/// Words are stored normalized: lowercase, no apostrophes, plural "s" removed.
/// </summary>
internal static class StoryLexicon
{
    /// <summary>Weight of a word in <see cref="Common"/>: frequent in any news text.</summary>
    public const float CommonWeight = 0.3f;

    /// <summary>Weight of any other word: rare enough to say what the story is about.</summary>
    public const float ContentWeight = 2.0f;

    /// <summary>Words frequent in news whatever the story: a low weight, never a lookup key on their own merit.</summary>
    public static FrozenSet<string> Common { get; } = SplitStemmed("""
        say said saying tell told according report reported reporting reporter news new year month week day time times people
        person man men woman women child children official government state country countries world nation national international
        public president minister leader leadership party member group company companies business market percent number first last
        second third two three four five six seven eight nine ten hundred thousand million billion make made making take took taken
        go going gone went come came coming see seen saw know known think thought want wanted use used using work working worked
        call called calling ask asked asking give gave given find found show showed shown include included including continue
        continued part place case point way thing things life long large small big high low good bad great little old young
        early late recent recently later former current next end start started begin began top major key main right left around
        statement spokesman spokeswoman spokesperson agency media press interview comment comments told added also according
        issue issues plan plans problem question change help need needed try tried return returned move moved keep kept hold held
        meet met meeting visit visited percent area region city local home house family friend friends side team member members
        support supported around among level lead led result results effort efforts decision decide decided expect expected
        believe believed likely possible able since despite across amid become becomes told wrote write written post posted
        story stories article read click share image photo video caption copyright reserved rights subscribe newsletter email
        advertisement follow twitter facebook instagram youtube tweet website site page online update updated
        political policy law security force forces military war official officials power service services system program
        real simply clear different full whole real important certain sure true based help far near information
        """);

    /// <summary>
    /// Countries, demonyms, capitals and world bodies: named in a large share of all world news, so
    /// sharing them says little about whether two reports tell the same event.
    /// </summary>
    public static FrozenSet<string> FrequentNames { get; } = SplitStemmed("""
        afghanistan afghan albania algeria argentina armenia australia australian austria azerbaijan bahrain bangladesh belarus
        belgium bolivia bosnia brazil brazilian britain british bulgaria cambodia canada canadian chile china chinese colombia
        croatia cuba cuban cyprus czech denmark egypt egyptian england english estonia ethiopia europe european finland france
        french georgia germany german ghana greece greek hungary india indian indonesia iran iranian iraq iraqi ireland irish
        israel israeli italy italian japan japanese jordan kazakhstan kenya korea korean kosovo kuwait latvia lebanon libya
        lithuania malaysia mexico mexican moldova mongolia morocco myanmar nepal netherlands dutch nigeria norway pakistan
        pakistani palestinian peru philippine philippines poland polish portugal qatar romania russia russian saudi arabia
        serbia singapore slovakia somalia spain spanish sudan sweden swedish switzerland swiss syria syrian taiwan thailand
        turkey turkish ukraine ukrainian emirates uae uk us usa america american americans venezuela vietnam yemen zimbabwe
        north south east west western eastern northern southern asia asian africa african middle
        moscow beijing washington london paris berlin tokyo kyiv kiev pyongyang seoul tehran delhi brussels
        un nations united eu nato kremlin white pentagon congress senate parliament
        trump donald biden joe obama barack putin vladimir xi jinping kim jong erdogan modi macron merkel zelensky netanyahu
        democrat democratic republican republicans gop
        """);

    /// <summary>Month names and their usual abbreviations, mapped to a month number (dates are strong evidence).</summary>
    public static FrozenDictionary<string, int> Months { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["january"] = 1, ["jan"] = 1, ["february"] = 2, ["feb"] = 2, ["march"] = 3, ["mar"] = 3, ["april"] = 4, ["apr"] = 4,
        ["may"] = 5, ["june"] = 6, ["jun"] = 6, ["july"] = 7, ["jul"] = 7, ["august"] = 8, ["aug"] = 8, ["september"] = 9,
        ["sep"] = 9, ["sept"] = 9, ["october"] = 10, ["oct"] = 10, ["november"] = 11, ["nov"] = 11, ["december"] = 12, ["dec"] = 12,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static float PriorWeight(string normalizedWord) =>
        Common.Contains(normalizedWord) || FrequentNames.Contains(normalizedWord) ? CommonWeight : ContentWeight;

    private static FrozenSet<string> SplitStemmed(string words) =>
        words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(StoryText.Stem).ToFrozenSet(StringComparer.Ordinal);
}
