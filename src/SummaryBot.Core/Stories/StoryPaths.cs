namespace SummaryBot.Core.Stories;

/// <summary>Where stories and the story index live in the state store.</summary>
public static class StoryPaths
{
    public static string Story(string storyId) => $"stories/{storyId}.json";

    /// <summary>Prefix of the story index (see <see cref="StoreStoryIndex"/> for its layout).</summary>
    public const string IndexPrefix = "story-index/";
}
