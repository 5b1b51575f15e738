namespace SummaryBot.Core.Articles.Formats;

/// <summary>A YAML front-matter block (<c>---</c> ... <c>---</c>) read as flat <c>key: value</c>
/// pairs, which is all an article header needs; nested YAML is ignored.</summary>
internal static class FrontMatter
{
    public static (Dictionary<string, string> Fields, string Body) Split(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            return (fields, normalized);
        }

        var end = normalized.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            return (fields, normalized);
        }

        foreach (var line in normalized[4..end].Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim();
            if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            if (value.Length > 0)
            {
                fields[line[..colon].Trim()] = value;
            }
        }

        var afterClose = normalized.IndexOf('\n', end + 1);
        return (fields, afterClose < 0 ? string.Empty : normalized[(afterClose + 1)..]);
    }
}
