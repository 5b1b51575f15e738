using System.ComponentModel.DataAnnotations;

namespace SummaryBot.Core.Articles;

/// <summary>Configuration section <c>Articles</c>.</summary>
public sealed class ArticleOptions
{
    public const string SectionName = "Articles";

    /// <summary>Files larger than this are rejected (<c>Articles:MaxBytes</c>, default 2 MB).</summary>
    [Range(1, 256 * 1024 * 1024, ErrorMessage = "Articles:MaxBytes must be between 1 and 268435456 bytes.")]
    public long MaxBytes { get; set; } = 2 * 1024 * 1024;
}
