namespace SummaryBot.Core.Articles;

/// <summary>Either a cleaned article or the reason a person can read for why the file was rejected.</summary>
public sealed record ArticleReadResult(Article? Article, string? RejectionReason)
{
    public static ArticleReadResult Accepted(Article article) => new(article, null);

    public static ArticleReadResult Rejected(string reason) => new(null, reason);
}
