using System.Text.RegularExpressions;

namespace SummaryBot.Core.Articles;

/// <summary>
/// The rules that recognise page furniture in extracted text, one paragraph at a time. They describe
/// kinds of boilerplate (ad markers, widget headings, "read also" teasers, photo credits, donation
/// appeals, section labels, stray agency tags), not particular pages.
/// </summary>
internal static partial class BoilerplateRules
{
    /// <summary>A paragraph that is entirely page furniture.</summary>
    public static bool IsFurniture(string paragraph)
    {
        if (paragraph.Length > 300)
        {
            return false;
        }

        return WidgetRegex().IsMatch(paragraph)
            || EmbedRegex().IsMatch(paragraph)
            || ReadAlsoRegex().IsMatch(paragraph)
            || VisitOurRegex().IsMatch(paragraph)
            || ClickHereRegex().IsMatch(paragraph)
            || CopyrightRegex().IsMatch(paragraph)
            || BylineRegex().IsMatch(paragraph)
            || LoneAgencyRegex().IsMatch(paragraph)
            || IsPhotoCredit(paragraph)
            || IsSectionLabel(paragraph);
    }

    /// <summary>"Dear reader," (or "Dear readers!") standing alone: the start of an appeal.</summary>
    public static bool IsAppealSalutation(string paragraph) => SalutationRegex().IsMatch(paragraph);

    /// <summary>
    /// A request for money or sign-ups: at least <paramref name="minimumCues"/> different appeal cues
    /// (donate, subscribe, become a member, support our work...) in a paragraph that speaks as
    /// "we/our/us". News about subscriptions rarely has both several cues and the first person.
    /// </summary>
    public static bool IsAppeal(string paragraph, int minimumCues = 2)
    {
        if (paragraph.Length > 1500 || !FirstPersonPluralRegex().IsMatch(paragraph))
        {
            return false;
        }

        var cues = AppealCueRegex().Matches(paragraph)
            .Select(m => m.Value.ToUpperInvariant()[..Math.Min(6, m.Value.Length)])
            .Distinct(StringComparer.Ordinal)
            .Count();
        return cues >= minimumCues || (SalutationRegex().IsMatch(paragraph[..Math.Min(paragraph.Length, 20)]) && cues >= 1);
    }

    /// <summary>Photo credits: "Kim and Putin photo EPA-EFE/", "Photo: Reuters", "(AP Photo/Jane Doe)".</summary>
    public static bool IsPhotoCredit(string paragraph)
    {
        var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (words > 14 || !PhotoWordRegex().IsMatch(paragraph))
        {
            return false;
        }

        var endsLikeSentence = paragraph.TrimEnd(')', ' ').EndsWith('.') || paragraph.EndsWith('!') || paragraph.EndsWith('?');
        return (!endsLikeSentence || words <= 5) && CreditMarkRegex().IsMatch(paragraph);
    }

    /// <summary>A short Title Case label ending in a colon ("Russia Artillery:"), not a sentence
    /// that introduces a quote ("He listed three demands:").</summary>
    public static bool IsSectionLabel(string paragraph)
    {
        if (!paragraph.EndsWith(':') || paragraph.IndexOfAny(['.', '!', '?', '"', '“', '”']) >= 0)
        {
            return false;
        }

        var words = paragraph.TrimEnd(':').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is > 0 and <= 6 && words.All(w => w.Length < 4 || !char.IsLower(w[0]));
    }

    /// <summary>Removes credits embedded in a paragraph, e.g. "(AP Photo/Jane Doe)" or "(Photo: Reuters)".</summary>
    public static string RemoveInlineCredits(string paragraph) => InlineCreditRegex().Replace(paragraph, string.Empty);

    /// <summary>Removes a trailing one-word fragment left after a sentence: a stray agency tag
    /// ("... Security Council. CNN.") or the tail of a broken name ("... Lim said. So-suk.").</summary>
    public static string RemoveTrailingFragment(string paragraph) => TrailingFragmentRegex().Replace(paragraph, string.Empty);

    [GeneratedRegex(@"^\W*(?:most\s+(?:popular|read|viewed|shared)|videos?\s+of\s+the\s+day|trending(?:\s+now)?|top\s+stories|latest(?:\s+(?:news|stories|posts|videos))?|recommended(?:\s+for\s+you)?|you\s+(?:may|might)\s+also\s+like|related(?:\s+(?:articles?|stories|news|posts|content|coverage))?|more\s+(?:stories|news|videos|from\s+[\w\s]{1,30})|editor'?s?\s+picks?|share(?:\s+(?:this(?:\s+(?:article|story|post|page))?|on\s+\w+|via\s+\w+))?|follow\s+us(?:\s+on\s+[\w\s,]{1,40})?|subscribe(?:\s+now)?|sign\s+up(?:\s+for\s+[\w\s]{1,40})?|newsletter|comments?|leave\s+a\s+(?:comment|reply)|tags?|skip\s+to\s+(?:main\s+)?content|print|e-?mail|copy\s+link|back\s+to\s+top|tweet|whatsapp|facebook|twitter|telegram|linkedin|advert\w*|ads?|sponsored(?:\s+content)?|promoted(?:\s+content)?|story\s+continues\s+below(?:\s+advert\w*)?)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex WidgetRegex();

    /// <summary>The text embedded players and posts leave behind: share-button labels, "Copy this code
    /// to your website", and the social network's own prompts (Twitter's "Tweet with a location").</summary>
    [GeneratedRegex(@"^\W*(?:play\s+facebook|google\s*(?:plus|\+)|embed)\W*$|copy\s+this\s+code\s+to\s+your\s+(?:website|site|blog)|^\W*tweet\s+with\s+a\s+location\W*$|you\s+can\s+add\s+location\s+information\s+to\s+your\s+tweets", RegexOptions.IgnoreCase)]
    private static partial Regex EmbedRegex();

    [GeneratedRegex(@"^\W*(?:also\s+read|read\s+also|read\s+more|read\s+next|see\s+also|related(?:\s+(?:articles?|stories|news|content|coverage))?|more\s+on\s+this(?:\s+story)?|recommended(?:\s+reading)?|don'?t\s+miss|watch(?:\s+now)?|listen)(?:\s+this)?\s*[:：\-–—|»>]", RegexOptions.IgnoreCase)]
    private static partial Regex ReadAlsoRegex();

    [GeneratedRegex(@"^\W*visit\s+our\b[^.!?]{0,60}\b(?:site|website|page|channel|portal|edition)s?\b\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex VisitOurRegex();

    [GeneratedRegex(@"^\W*click\s+here\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClickHereRegex();

    [GeneratedRegex(@"^\W*(?:©|\(c\)\s|copyright\b|all\s+rights\s+reserved)", RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightRegex();

    [GeneratedRegex(@"^By\s+\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}(?:\s*(?:,|and|\||/)\s*[\p{L}\s.'’-]{1,60})?$")]
    private static partial Regex BylineRegex();

    [GeneratedRegex(@"^\W*(?:\p{Lu}{2,8}|Reuters|Bloomberg|Xinhua|Yonhap|Interfax)\W*$")]
    private static partial Regex LoneAgencyRegex();

    [GeneratedRegex(@"^\W*dear\s+(?:reader|readers|friend|friends|subscriber|subscribers)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex SalutationRegex();

    [GeneratedRegex(@"\b(?:we|our|us)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FirstPersonPluralRegex();

    [GeneratedRegex(@"\b(?:donat\w*|subscri\w*|become\s+an?\s+(?:member|subscriber|supporter|patron)|membership|financially\s+support\w*|support\s+(?:us|our\s+\w+|the\s+\w+\s+press|independent\s+\w+)|support\s+of\s+our|our\s+(?:work|journalism|reporting|community\s+of\s+readers)|patreon|paypal|contribut\w*|independent\s+(?:journalism|voice|media|press)|free\s+press|paywall|readers\s+like\s+you|(?:access|content)\s+(?:to\s+[\w\s]{1,20})?is\s+free|is\s+free\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AppealCueRegex();

    [GeneratedRegex(@"\b(?:photo|photos|photograph|photography|image|images|picture|pictures|foto|credit|credits)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PhotoWordRegex();

    [GeneratedRegex(@"/|:|©|\bvia\b|\bcourtesy\b|\bby\b|\b(?:AP|AFP|Reuters|EPA|EFE|Getty|Shutterstock|Xinhua|Yonhap|KCNA|TASS|Sputnik|Bloomberg|Anadolu|Alamy|AAP|PA|DPA|ANSA|Pool|Handout)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreditMarkRegex();

    [GeneratedRegex(@"\s*\((?:[\p{Lu}][\w.&-]*\s+)?(?:photo|photograph|image|picture|foto)s?\s*(?:/|:|by\b)[^()]{1,80}\)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCreditRegex();

    [GeneratedRegex(@"(?<=[.!?""”’])\s+\(?(?:\p{Lu}{2,8}|Reuters|Bloomberg|Xinhua|Yonhap|Interfax|\p{Lu}\p{Ll}+-\p{Ll}+)\)?\.?$")]
    private static partial Regex TrailingFragmentRegex();
}
