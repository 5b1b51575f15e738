using System.Collections.Frozen;

namespace SummaryBot.Core.Text;

/// <summary>
/// The one stop-word list: English function words, weekdays, titles and the words of reporting
/// ("said", "new") that every news text is full of. Lowercase, without apostrophes ("dont"), and
/// with the fragments a split at an apostrophe leaves ("t", "ll", "ve"). Story terms and
/// summary scoring both leave these words out.
/// </summary>
internal static class Stopwords
{
    public static FrozenSet<string> English { get; } = ("""
        a about above after again against ago all almost along already also although always am among an and another any anyone
        anything are around as at away back be became because become been before being below between both but by can cannot
        could did do doe does doing done down during each either else enough even ever every few for from further get gets
        getting got had has have having he her here hers herself him himself his how however i if in into is it its itself just
        least less let like ll many may maybe me might mine more most much must my myself neither never no nor not now of off
        often on once one only onto or other others our ours ourselves out over own per perhaps quite rather re really same
        several shall she should since so some someone something still such than that the their theirs them themselves then
        there these they this those though through thu to too toward towards under until up upon us ve very via was we well
        were what whatever when where whether which while who whom whose why will with within without would yet you your yours
        yourself yourselves dont doesnt didnt isnt wasnt arent werent wont wouldnt cant couldnt shouldnt hasnt havent hadnt
        im ive id youre youve theyre theyve weve hes shes thats whats theres lets
        monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
        mr mrs ms dr st jr inc ltd co
        said says say new cnn s t d m n
        """).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    public static bool Contains(string lowercaseWord) => English.Contains(lowercaseWord);
}
