namespace SummaryBot.Core.Subscriptions;

/// <summary>Proposes extra aliases (names, abbreviations, demonyms, leaders) for an entity the
/// gazetteer does not know, at subscribe time; the bot shows them to the user. Never throws for
/// a bad entity or a failing service: the answer is then empty.</summary>
public interface IAliasSuggester
{
    Task<IReadOnlyList<string>> SuggestAliasesAsync(string entity, CancellationToken cancellationToken = default);
}

/// <summary>The default without Azure OpenAI: no suggestions.</summary>
public sealed class NoAliasSuggester : IAliasSuggester
{
    public Task<IReadOnlyList<string>> SuggestAliasesAsync(string entity, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
