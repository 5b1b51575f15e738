namespace SummaryBot.Core.Articles;

/// <summary>Turns the bytes of one input file into a clean <see cref="Article"/>, or a rejection.</summary>
public interface IArticleReader
{
    /// <summary>Never throws for bad input: every problem becomes a rejection with a reason.</summary>
    ArticleReadResult Read(string name, BinaryData content);
}
