using System.CommandLine;
using SummaryBot.Cli.Commands;

namespace SummaryBot.Cli;

internal static class SummaryBotCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("SummaryBot: summarizes news articles dropped into an inbox and alerts the chats whose topics they match.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DropCommand.Create());
        root.Subcommands.Add(SubscriptionCommands.Subscribe());
        root.Subcommands.Add(SubscriptionCommands.Unsubscribe());
        root.Subcommands.Add(SubscriptionCommands.Topics());
        root.Subcommands.Add(DigestCommands.Mode());
        root.Subcommands.Add(DigestCommands.TimeZone());
        root.Subcommands.Add(ReadCommand.Create());
        root.Subcommands.Add(ArticleCommands.Summarize());
        root.Subcommands.Add(ArticleCommands.Match());
        root.Subcommands.Add(StateCommands.Results());
        root.Subcommands.Add(StateCommands.State());
        return root;
    }
}
