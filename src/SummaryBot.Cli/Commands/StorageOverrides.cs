namespace SummaryBot.Cli.Commands;

/// <summary>Maps the storage options of a command onto configuration keys.</summary>
internal static class StorageOverrides
{
    public static Dictionary<string, string?> For(string? state, string? inbox = null, string? blob = null, string? container = null) => new()
    {
        ["Storage:StateDirectory"] = state,
        ["Storage:InboxDirectory"] = inbox,
        ["Storage:ConnectionString"] = blob,
        ["Storage:ArticlesContainer"] = container,
    };
}
