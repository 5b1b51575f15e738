using System.Security.Cryptography;
using System.Text;

namespace SummaryBot.Core.Stories;

/// <summary>Stable hashes: the same on every machine and every run (unlike string.GetHashCode).</summary>
internal static class StoryHash
{
    /// <summary>FNV-1a over the UTF-16 code units of a term.</summary>
    public static uint Term(string term)
    {
        var hash = 2166136261u;
        foreach (var c in term)
        {
            hash = (hash ^ (byte)c) * 16777619u;
            hash = (hash ^ (byte)(c >> 8)) * 16777619u;
        }

        return hash;
    }

    /// <summary>
    /// The id of a story founded by an article: the first 16 hex digits of SHA-256 over its name and
    /// title, so that a retry or a second worker founding from the same article agree on it.
    /// </summary>
    public static string NewStoryId(string articleName, string title) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(articleName + "\n" + title)))[..16];

    /// <summary>
    /// The hex SHA-256 of an article's cleaned text (title and paragraphs, whitespace collapsed):
    /// two files with the same text under different names (or different markup) get the same value.
    /// </summary>
    public static string Content(string title, IEnumerable<string> paragraphs)
    {
        var text = new StringBuilder();
        foreach (var part in paragraphs.Prepend(title))
        {
            foreach (var word in part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append(word).Append(' ');
            }

            text.Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString().Normalize(NormalizationForm.FormC))));
    }

    /// <summary>A 64-bit key for an article name (the in-memory index keeps no strings).</summary>
    public static ulong ArticleKey(string articleName) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(articleName)), 0);
}
