using System.CommandLine;

namespace SummaryBot.Cli;

/// <summary>Options shared by several commands; each maps onto a configuration key.</summary>
internal static class CliOptions
{
    public static Option<string> State() => new("--state")
    {
        Description = "State folder, which holds the database summarybot.db (Storage:StateDirectory).",
        DefaultValueFactory = _ => "./.summarybot",
    };

    public static Option<string> Inbox() => new("--inbox")
    {
        Description = "Inbox folder watched for articles (Storage:InboxDirectory).",
        DefaultValueFactory = _ => "./inbox",
    };

    public static Option<string?> Blob() => new("--blob")
    {
        Description = "Azure Storage connection string (Storage:ConnectionString); 'UseDevelopmentStorage=true' for Azurite. Use Azure Blob Storage instead of folders.",
    };

    public static Option<string?> Container() => new("--container")
    {
        Description = "Articles container (Storage:ArticlesContainer), default 'articles'.",
    };

    public static Option<long> Chat() => new("--chat")
    {
        Description = "Chat id of the local console chat.",
        DefaultValueFactory = _ => 1,
    };

    public static Option<int?> Thread() => new("--thread")
    {
        Description = "A forum topic of the chat (its message_thread_id): the subscriptions of that topic instead of the chat's.",
    };

    public static Option<bool> Verbose() => new("--verbose", "-v")
    {
        Description = "Log progress (Information level) to standard error.",
    };
}
