using SummaryBot.Core.Text;

namespace SummaryBot.Core.Topics;

public enum GazetteerEntityKind
{
    /// <summary>A member state of the United Nations.</summary>
    UnMember,

    /// <summary>A UN observer state (Holy See, Palestine).</summary>
    UnObserver,

    /// <summary>Another state or territory that news treats as a country (Taiwan, Kosovo).</summary>
    OtherState,

    /// <summary>A supranational body (EU, NATO, UN).</summary>
    Organization,
}

/// <summary>How an alias must be written in the article to count.</summary>
public enum AliasCase
{
    /// <summary>Any capitalisation.</summary>
    Any,

    /// <summary>Every word capitalised: <c>Chad</c> the country, not <c>chad</c>; <c>Turkey</c>, not <c>turkey</c>.</summary>
    Capitalized,

    /// <summary>Upper case: <c>US</c> the country, not <c>us</c>.</summary>
    Upper,
}

/// <summary>An alias of an entity: the words as people write them and the capitalisation they require.</summary>
public sealed record GazetteerAlias(string Text, AliasCase Case);

/// <summary>A country or body in the built-in gazetteer and every alias that stands for it.</summary>
/// <param name="Name">The canonical name used in normalized topics, e.g. <c>North Korea</c>.</param>
/// <param name="OtherNames">Other names a subscriber may type: <c>DPRK</c>, <c>Democratic People's Republic of Korea</c>.</param>
/// <param name="Demonyms">Adjectives and nationals: <c>North Korean</c> (plurals are matched too).</param>
/// <param name="Capitals">Capital cities.</param>
/// <param name="Related">Government metonyms, leaders, agencies and state media: <c>Kim Jong Un</c>, <c>KCNA</c>.</param>
/// <param name="NameCase">How the canonical name must be written in articles (<c>Turkey</c> must be capitalised).</param>
public sealed record GazetteerEntity(
    string Name,
    GazetteerEntityKind Kind,
    IReadOnlyList<GazetteerAlias> OtherNames,
    IReadOnlyList<GazetteerAlias> Demonyms,
    IReadOnlyList<GazetteerAlias> Capitals,
    IReadOnlyList<GazetteerAlias> Related,
    AliasCase NameCase = AliasCase.Any)
{
    /// <summary>The canonical name followed by every alias: what the matcher looks for in articles.</summary>
    public IEnumerable<GazetteerAlias> MatchAliases => AllAliases.Prepend(new GazetteerAlias(Name, NameCase));

    /// <summary>Every alias except the canonical name, in display order: demonyms, capitals, other names, related.</summary>
    public IEnumerable<GazetteerAlias> AllAliases => Demonyms.Concat(Capitals).Concat(OtherNames).Concat(Related);

    /// <summary>A few aliases for people, e.g. <c>North Korean, Pyongyang, DPRK, Kim Jong Un, KCNA</c>:
    /// the first demonym and capital, short other names (acronyms), then related terms.</summary>
    public IReadOnlyList<string> DisplayAliases(int count)
    {
        var shortNames = OtherNames.Where(a => a.Text.Length is >= 3 and <= 5 && a.Text.All(char.IsUpper));
        return Demonyms.Take(1).Concat(Capitals.Take(1)).Concat(shortNames).Concat(Related).Concat(AllAliases)
            .Select(a => a.Text)
            .Aggregate(new List<string>(), (shown, alias) =>
            {
                if (shown.Count < count && !shown.Exists(s => TextFolding.OverlapsWords(s, alias)))
                {
                    shown.Add(alias);
                }

                return shown;
            });
    }
}
