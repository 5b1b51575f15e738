namespace SummaryBot.Core.Summaries;

/// <summary>A short, factual summary: a headline and at most three sentences.</summary>
/// <param name="Headline">A neutral headline.</param>
/// <param name="Text">At most three sentences, about 400 characters.</param>
/// <param name="Summarizer">Which summarizer produced it: see <see cref="SummarizerNames"/>.</param>
public sealed record Summary(string Headline, string Text, string Summarizer);

public static class SummarizerNames
{
    public const string Extractive = "extractive";
    public const string AzureOpenAI = "azure-openai";
}
