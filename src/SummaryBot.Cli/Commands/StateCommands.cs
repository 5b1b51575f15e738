using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Pipeline;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Cli.Commands;

/// <summary><c>results</c> and <c>state export</c>: what operators used to read from the state folder's files.</summary>
internal static class StateCommands
{
    private static readonly JsonSerializerOptions OneLine = new(SummaryBotJson.Options) { WriteIndented = false };

    public static Command Results()
    {
        var state = CliOptions.State();
        var json = new Option<bool>("--json") { Description = "One JSON object per line (each result record as stored) instead of a table." };
        var command = new Command("results", "List every result record: what happened to each article file.") { state, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state)));
            if (!host.ValidateConfiguration())
            {
                return 2;
            }

            if (!HasState(host))
            {
                return 1;
            }

            var store = host.Get<IObjectStore>();
            var asJson = parse.GetValue(json);
            var unreadable = 0;
            var count = 0;
            if (!asJson)
            {
                Console.WriteLine($"{"status",-9}  {"article",-32}  {"story",-16}  title or reason");
            }

            await foreach (var path in store.ListAsync(ResultPaths.Prefix, cancellationToken))
            {
                if (await store.GetAsync(path, cancellationToken) is not { } stored)
                {
                    continue;
                }

                try
                {
                    Console.WriteLine(asJson ? OneLineOf(stored.Content) : Row(SummaryBotJson.Deserialize<ResultRecord>(stored.Content)));
                    count++;
                }
                catch (JsonException e)
                {
                    unreadable++;
                    Console.Error.WriteLine($"{path}: not a readable result record: {e.Message}");
                }
            }

            if (!asJson)
            {
                Console.WriteLine($"{count} result(s).");
            }

            return unreadable == 0 ? 0 : 1;
        });
        return command;
    }

    public static Command State()
    {
        var state = CliOptions.State();
        var directory = new Argument<string>("directory") { Description = "A new or empty folder to write the documents into." };
        var export = new Command("export", "Write every state document as a file (for reading and for backups).") { state, directory };
        export.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(parse.GetValue(state)));
            if (!host.ValidateConfiguration())
            {
                return 2;
            }

            if (!HasState(host))
            {
                return 1;
            }

            var target = parse.GetValue(directory)!;
            try
            {
                var summary = await StateExporter.ExportAsync(host.Get<IObjectStore>(), target, cancellationToken);
                Console.WriteLine($"Exported {summary.Documents} document(s) to {Path.GetFullPath(target)}.");
                if (summary.Renamed > 0)
                {
                    Console.WriteLine($"{summary.Renamed} of them went to the top of the folder under their whole path, because their own file name was taken (names differing only in case on this disk, or a document named like a folder).");
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Cannot export: {e.Message}");
                return 1;
            }
        });
        return new Command("state", "Operator tools for the state store.") { export };
    }

    /// <summary>False, after saying so, when the embedded state database does not exist (a mistyped <c>--state</c>): reading must not create one.</summary>
    private static bool HasState(IHost host)
    {
        var options = host.Get<IOptions<StorageOptions>>().Value;
        var file = Path.GetFullPath(Path.Combine(options.StateDirectory, SqliteDatabase.FileName));
        if (options.UsesAzure || File.Exists(file))
        {
            return true;
        }

        Console.Error.WriteLine($"No state database at {file} (see --state).");
        return false;
    }

    private static string OneLineOf(BinaryData content) =>
        (JsonNode.Parse(content.ToMemory().Span) ?? throw new JsonException("The document is JSON null.")).ToJsonString(OneLine);

    private static string Row(ResultRecord result)
    {
        var detail = result.Status == ResultStatus.Rejected ? result.Reason : result.Title;
        return $"{result.Status.ToString().ToLowerInvariant(),-9}  {result.Article,-32}  {result.StoryId ?? "-",-16}  {detail}";
    }
}
