using System.CommandLine;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Summaries;
using SummaryBot.Core.Topics;

namespace SummaryBot.Cli.Commands;

/// <summary><c>summarize</c> and <c>match</c>: look at one file without touching any state.</summary>
internal static class ArticleCommands
{
    public static Command Summarize()
    {
        var file = new Argument<FileInfo>("file") { Description = "An article file (.txt, .md, .html, .json)." };
        var verbose = CliOptions.Verbose();
        var command = new Command("summarize", "Read, clean and summarize one article file.") { file, verbose };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, new Dictionary<string, string?>());
            var article = Read(host.Get<IArticleReader>(), parse.GetValue(file)!);
            if (article is null)
            {
                return 1;
            }

            var summary = await host.Get<ISummarizer>().SummarizeAsync(article, cancellationToken);
            Console.WriteLine(summary.Headline);
            Console.WriteLine(summary.Text);
            Console.WriteLine();
            Console.WriteLine($"(title: {article.Title}; outlet: {article.Outlet ?? "unknown"}; url: {article.Url ?? "none"}; summarizer: {summary.Summarizer})");
            return 0;
        });
        return command;
    }

    public static Command Match()
    {
        var topic = new Argument<string>("topic") { Description = "A topic as a subscriber would type it." };
        var file = new Argument<FileInfo>("file") { Description = "An article file (.txt, .md, .html, .json)." };
        var command = new Command("match", "Check whether one article matches a topic, and why. Exit code 0 when it matches, 1 when not.") { topic, file };
        command.SetAction(parse =>
        {
            using var host = CliHost.Build(parse, new Dictionary<string, string?>());
            var compiler = host.Get<ITopicCompiler>();
            var parsed = compiler.Parse(parse.GetValue(topic)!);
            if (!parsed.Success)
            {
                Console.Error.WriteLine($"Invalid topic: {parsed.Error}");
                return 2;
            }

            var article = Read(host.Get<IArticleReader>(), parse.GetValue(file)!);
            if (article is null)
            {
                return 2;
            }

            Console.WriteLine($"{parsed.Normalized} matches {parsed.Description}");
            var matches = compiler.Compile([new TopicSubscription(0, parsed.Normalized)]).Match(article);
            if (matches.Count == 0)
            {
                Console.WriteLine($"No match: \"{article.Title}\" does not match {parsed.Normalized}.");
                return 1;
            }

            Console.WriteLine($"Match: \"{article.Title}\" — evidence: {string.Join(", ", matches[0].Evidence)}");
            return 0;
        });
        return command;
    }

    private static Article? Read(IArticleReader reader, FileInfo file)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"File not found: {file.FullName}");
            return null;
        }

        var result = reader.Read(file.Name, BinaryData.FromBytes(File.ReadAllBytes(file.FullName)));
        if (result.Article is null)
        {
            Console.Error.WriteLine($"Rejected: {result.RejectionReason}");
        }

        return result.Article;
    }
}
