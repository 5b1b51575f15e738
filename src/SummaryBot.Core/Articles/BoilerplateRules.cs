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
            || IsSectionLabel(paragraph)
            || SocialPromptRegex().IsMatch(paragraph)
            || IsTimestamp(paragraph)
            || AgencyCreditRegex().IsMatch(paragraph)
            || NewsletterPromptRegex().IsMatch(paragraph)
            || CommentsLinkRegex().IsMatch(paragraph)
            || TagListRegex().IsMatch(paragraph)
            || ListenPromptRegex().IsMatch(paragraph)
            || ReadingTimeRegex().IsMatch(paragraph)
            || CookieNoticeRegex().IsMatch(paragraph)
            || AccountPromptRegex().IsMatch(paragraph);
    }

    /// <summary>"Updated 3:45 PM ET, Tue July 16, 2024", "Published 2 hours ago": a publishing
    /// label followed only by dates, times, time zones and relative times. "Updated figures showed..."
    /// has other words and is kept.</summary>
    public static bool IsTimestamp(string paragraph)
    {
        var match = TimestampLabelRegex().Match(paragraph);
        if (!match.Success || paragraph.Length > 120)
        {
            return false;
        }

        var rest = paragraph[match.Length..];
        return rest.Any(char.IsDigit) && DateTokenRegex().Replace(rest, string.Empty).Trim(' ', ',', '|', '·', '-', '–', '—', '.', '/').Length == 0;
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
        var firstPerson = FirstPersonPluralRegex().IsMatch(paragraph);

        // "Your support keeps independent journalism alive. Give now.": an appeal may speak to the
        // reader instead of as "we"; a short one without quotes or reported speech.
        var toReader = !firstPerson && paragraph.Length <= 400 && SecondPersonRegex().IsMatch(paragraph) && !ReportedSpeechRegex().IsMatch(paragraph);
        if (paragraph.Length > 1500 || !(firstPerson || toReader))
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
    public static string RemoveInlineCredits(string paragraph) =>
        InlineAgencyCreditRegex().Replace(InlineCreditRegex().Replace(paragraph, string.Empty), string.Empty);

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

    [GeneratedRegex(@"\b(?:donat\w*|subscri\w*|become\s+an?\s+(?:member|subscriber|supporter|patron)|membership|financially\s+support\w*|support\s+(?:us|our\s+\w+|the\s+\w+\s+press|independent\s+\w+|quality\s+\w+|local\s+\w+)|your\s+support|consider\s+supporting|please\s+support|chip\s+in|give\s+(?:now|today|once|monthly)|make\s+a\s+(?:one-off\s+|one-time\s+|monthly\s+|small\s+)?(?:gift|contribution|donation)|value\s+our\s+(?:work|journalism|reporting)|keep\s+(?:our|this)\s+(?:journalism|reporting|site|newsroom)\s+(?:free|open|going|alive)|support\s+of\s+our|our\s+(?:work|journalism|reporting|community\s+of\s+readers)|patreon|paypal|contribut\w*|independent\s+(?:journalism|voice|media|press)|free\s+press|paywall|readers\s+like\s+you|(?:access|content)\s+(?:to\s+[\w\s]{1,20})?is\s+free|is\s+free\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AppealCueRegex();

    [GeneratedRegex(@"\b(?:photo|photos|photograph|photography|image|images|picture|pictures|foto|credit|credits)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PhotoWordRegex();

    [GeneratedRegex(@"/|:|©|\bvia\b|\bcourtesy\b|\bby\b|\b(?:AP|AFP|Reuters|EPA|EFE|Getty|Shutterstock|Xinhua|Yonhap|KCNA|TASS|Sputnik|Bloomberg|Anadolu|Alamy|AAP|PA|DPA|ANSA|Pool|Handout)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreditMarkRegex();

    [GeneratedRegex(@"\s*\((?:[\p{Lu}][\w.&-]*\s+)?(?:photo|photograph|image|picture|foto)s?\s*(?:/|:|by\b)[^()]{1,80}\)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCreditRegex();

    [GeneratedRegex(@"(?<=[.!?""”’])\s+\(?(?:\p{Lu}{2,8}|Reuters|Bloomberg|Xinhua|Yonhap|Interfax|\p{Lu}\p{Ll}+-\p{Ll}+)\)?\.?$")]
    private static partial Regex TrailingFragmentRegex();

    /// <summary>"Follow us on Twitter, Facebook and Instagram", "Join our WhatsApp channel for the
    /// latest news": a prompt that ends with the networks (a sentence that goes on is kept).</summary>
    [GeneratedRegex(@"^\W*(?:follow|like|join|find|connect\s+with|stay\s+(?:connected|in\s+touch)\s+with)\s+(?:us|@\w+|our\s+[\w\s]{0,30}?|[\p{Lu}][\w\s.]{0,30}?)\s*(?:(?:on|via|at|in)\s+)?(?:our\s+)?(?:twitter|x|facebook|instagram|tiktok|youtube|telegram|whatsapp|linkedin|threads|bluesky|mastodon|social\s+media|google\s+news|flipboard)(?:\s+(?:channel|page|account|group)s?)?(?:\s*(?:,|and|or|&)\s*(?:on\s+)?(?:twitter|x|facebook|instagram|tiktok|youtube|telegram|whatsapp|linkedin|threads|bluesky|mastodon|google\s+news|flipboard|@\w+))*(?:\s+(?:for|to\s+get)\s+[\w\s]{0,40})?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex SocialPromptRegex();

    [GeneratedRegex(@"^\W*(?:last\s+)?(?:updated|published|posted|modified|first\s+published)(?:\s+(?:on|at))?\s*:?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex TimestampLabelRegex();

    /// <summary>Tokens a timestamp is made of: numbers and times, am/pm, month and day names, time
    /// zones (upper-case codes), relative times.</summary>
    [GeneratedRegex(@"\b(?:\d{1,4}(?:[:./-]\d{1,4})*(?:st|nd|rd|th)?|[ap]\.?m\.?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?|[A-Z]{2,5}|ago|just\s+now|today|yesterday|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|on|at|and|utc|gmt)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateTokenRegex();

    /// <summary>"(Reporting by Jane Doe; Editing by John Smith)", "Additional reporting by ...".</summary>
    [GeneratedRegex(@"^\W*\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|research|graphics)\s+by\b[^()]{0,300}\)?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex AgencyCreditRegex();

    [GeneratedRegex(@"\s*\((?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()]{0,300}\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex InlineAgencyCreditRegex();

    /// <summary>"Sign up for our morning newsletter", "Get the headlines delivered to your inbox".</summary>
    [GeneratedRegex(@"^\W*(?:sign\s+up|subscribe|get|receive|enter\s+your|want|like\s+this|don'?t\s+miss|never\s+miss|join)\b[^.!?]{0,120}\b(?:newsletters?|inbox|e-?mail\s+address|briefing)\b[^.!?]{0,60}[.!?]?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex NewsletterPromptRegex();

    /// <summary>"Comments (12)", "12 comments", "View all comments", "Join the conversation".</summary>
    [GeneratedRegex(@"^\W*(?:\d+\s+comments?|comments?\s*[(\[]\d+[)\]]|(?:view|show|read|see|load|hide|add)\s+(?:all\s+)?(?:\d+\s+)?comments?|join\s+the\s+(?:conversation|discussion)|comment\s+on\s+this\s+(?:story|article))\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentsLinkRegex();

    /// <summary>"Topics: Russia, North Korea", "Tags: ...", "Filed under: ...".</summary>
    [GeneratedRegex(@"^\W*(?:topics?|tags?|tagged(?:\s+with)?|filed\s+under|categories|category|keywords?|related\s+topics|more\s+about)\s*[:：]\s*\S[^.!?]{0,200}$", RegexOptions.IgnoreCase)]
    private static partial Regex TagListRegex();

    /// <summary>"Listen to this article", "Listen to this story · 5 min", "Press play to listen".</summary>
    [GeneratedRegex(@"^\W*(?:listen\s+to\s+(?:this\s+)?(?:article|story)|press\s+play\s+to\s+listen(?:\s+to\s+this\s+(?:article|story))?|listen|audio\s+(?:version|is\s+(?:ai-)?generated))\b[^.!?]{0,30}$", RegexOptions.IgnoreCase)]
    private static partial Regex ListenPromptRegex();

    /// <summary>"5 min read", "4-minute read", "Reading time: 4 minutes", also after a date.</summary>
    [GeneratedRegex(@"^[^.!?]{0,40}?\b(?:\d+\s*[-\s]?\s*(?:min(?:ute)?s?|mins?)\.?\s+read|reading\s+time\s*[:：]?\s*\d+\s*(?:min(?:ute)?s?|mins?))\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex ReadingTimeRegex();

    /// <summary>A consent banner in the reader's terms ("We use cookies...", "Accept all cookies").
    /// News about cookie rules is reported speech and does not say "we use cookies".</summary>
    [GeneratedRegex(@"\b(?:we\s+(?:and\s+our\s+partners\s+)?use\s+cookies|this\s+(?:web)?site\s+uses\s+cookies|our\s+(?:web)?site\s+uses\s+cookies|by\s+(?:continuing|using)\s+(?:to\s+(?:browse|use)\s+)?(?:this|our)\s+(?:web)?site,?\s+you|^\W*(?:accept|allow|reject|manage)\s+(?:all\s+)?(?:cookies|cookie\s+(?:settings|preferences))|^\W*cookie\s+(?:settings|preferences|policy)\W*$)", RegexOptions.IgnoreCase)]
    private static partial Regex CookieNoticeRegex();

    /// <summary>"Sign in to continue", "Log in or register to read more", "Create a free account".</summary>
    [GeneratedRegex(@"^\W*(?:(?:sign|log)\s*(?:in|on|up)|register|create\s+(?:a\s+)?(?:free\s+)?account|already\s+a\s+(?:subscriber|member)\??)\b[^.!?]{0,60}[.!?]?\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex AccountPromptRegex();

    [GeneratedRegex(@"\b(?:you|your)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondPersonRegex();

    [GeneratedRegex(@"[""“”]|\b(?:said|says|told|according\s+to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReportedSpeechRegex();
}
