using SummaryBot.Core.Storage;

namespace SummaryBot.Core.Pipeline;

/// <summary>Where the result records live in the state store.</summary>
public static class ResultPaths
{
    public const string Prefix = "results/";

    /// <summary>The result of an input file: <c>results/{name}.json</c> for a plain name; any other
    /// accepted name gets a hashed key (the record keeps the name in <c>article</c>).</summary>
    public static string Result(string articleName) => $"{Prefix}{StatePaths.NameKey(articleName)}.json";
}
