using System.Text;
using Microsoft.Extensions.Options;

namespace SummaryBot.Core.Articles;

/// <summary>Reads .txt, .md, .html and .json articles. (Skeleton: plain UTF-8 text only.)</summary>
public sealed class ArticleReader(IOptions<ArticleOptions> options) : IArticleReader
{
    public ArticleReadResult Read(string name, BinaryData content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.ToMemory().Length > options.Value.MaxBytes)
        {
            return ArticleReadResult.Rejected("The file is too large.");
        }

        var text = Encoding.UTF8.GetString(content.ToMemory().Span);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return ArticleReadResult.Rejected("The file is empty.");
        }

        return ArticleReadResult.Accepted(new Article(name, lines[0], lines[1..], null, null, null));
    }
}
