namespace SummaryBot.Core.Storage;

/// <summary>The path rules every object store enforces, so that state moves between stores unchanged.</summary>
internal static class ObjectPath
{
    /// <summary>The longest path a blob name allows.</summary>
    public const int MaxLength = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="path"/> is '/'-separated
    /// non-empty segments, none of them <c>.</c> or <c>..</c>, with no backslash.</summary>
    public static void Validate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path.Length > MaxLength || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) ||
            path.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a valid object path.", nameof(path));
        }
    }
}
