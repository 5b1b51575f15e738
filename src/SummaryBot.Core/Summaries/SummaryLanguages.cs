namespace SummaryBot.Core.Summaries;

/// <summary>The writing system a language's summaries are expected in, for checking a model's reply.</summary>
public enum LanguageScript
{
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Devanagari,
    Han,
    Japanese,
    Hangul,
}

/// <summary>A language summaries can be written in: its BCP 47 tag, its English and native names.</summary>
public sealed record SummaryLanguage(string Code, string EnglishName, string NativeName, LanguageScript Script);

/// <summary>
/// The languages a chat may choose for its summaries (with Azure OpenAI configured). A short, fixed
/// list keeps the settings keyboard small and every tag well inside a button's callback data.
/// </summary>
public static class SummaryLanguages
{
    public static IReadOnlyList<SummaryLanguage> All { get; } =
    [
        new("en", "English", "English", LanguageScript.Latin),
        new("de", "German", "Deutsch", LanguageScript.Latin),
        new("fr", "French", "Français", LanguageScript.Latin),
        new("es", "Spanish", "Español", LanguageScript.Latin),
        new("it", "Italian", "Italiano", LanguageScript.Latin),
        new("pt", "Portuguese", "Português", LanguageScript.Latin),
        new("nl", "Dutch", "Nederlands", LanguageScript.Latin),
        new("pl", "Polish", "Polski", LanguageScript.Latin),
        new("tr", "Turkish", "Türkçe", LanguageScript.Latin),
        new("uk", "Ukrainian", "Українська", LanguageScript.Cyrillic),
        new("ru", "Russian", "Русский", LanguageScript.Cyrillic),
        new("mk", "Macedonian", "Македонски", LanguageScript.Cyrillic),
        new("el", "Greek", "Ελληνικά", LanguageScript.Greek),
        new("ar", "Arabic", "العربية", LanguageScript.Arabic),
        new("he", "Hebrew", "עברית", LanguageScript.Hebrew),
        new("hi", "Hindi", "हिन्दी", LanguageScript.Devanagari),
        new("zh", "Chinese", "中文", LanguageScript.Han),
        new("ja", "Japanese", "日本語", LanguageScript.Japanese),
        new("ko", "Korean", "한국어", LanguageScript.Hangul),
    ];

    /// <summary>The language with this tag, or whose English or native name this is (case-insensitive); null when none.</summary>
    public static SummaryLanguage? Find(string? codeOrName)
    {
        var key = codeOrName?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        return All.FirstOrDefault(l =>
            string.Equals(l.Code, key, StringComparison.OrdinalIgnoreCase)
            || string.Equals(l.EnglishName, key, StringComparison.OrdinalIgnoreCase)
            || string.Equals(l.NativeName, key, StringComparison.OrdinalIgnoreCase));
    }
}
