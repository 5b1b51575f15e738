using System.CommandLine;
using Microsoft.Extensions.Options;
using Spectre.Console;
using SummaryBot.Core.Storage;

namespace SummaryBot.Cli.Commands;

/// <summary>
/// <c>summarybot drop FILE|DIR...</c>: uploads articles into the articles container (with
/// <c>--blob</c> or <c>Storage:ConnectionString</c>), or copies them into the local inbox folder.
/// Existing files are left alone unless <c>--overwrite</c>.
/// </summary>
internal static class DropCommand
{
    /// <summary>From this many files on, an interactive terminal shows a progress bar.</summary>
    private const int ProgressThreshold = 3;

    private enum DropStatus
    {
        Uploaded,
        Replaced,
        AlreadyThere,
        Unchanged,
        Unsupported,
        Failed,
    }

    private sealed record DropItem(string Name, string? Source, DropStatus Status, string? Note = null);

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Article files, or folders whose files to drop (.txt, .md, .html, .json).", Arity = ArgumentArity.OneOrMore };
        var blob = CliOptions.Blob();
        var container = CliOptions.Container();
        var inbox = CliOptions.Inbox();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace files that are already there (default: leave them)." };
        var notifyLocal = new Option<string?>("--notify-local")
        {
            Description = "After each upload, post an Event Grid BlobCreated event to this URL of a local Functions runtime, e.g. " +
                "http://localhost:7071/runtime/webhooks/blobs?functionName=Host.Functions.ArticleBlobFunction (Azurite sends no events).",
        };
        var verbose = CliOptions.Verbose();
        var command = new Command("drop", "Upload articles into the articles container (or copy them into the local inbox folder).")
        {
            paths, blob, container, inbox, overwrite, notifyLocal, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = CliHost.Build(parse, StorageOverrides.For(state: null, parse.GetValue(inbox), parse.GetValue(blob), parse.GetValue(container)));
            if (!host.ValidateConfiguration())
            {
                return 2;
            }

            var options = host.Get<IOptions<StorageOptions>>().Value;
            var notifyUrl = parse.GetValue(notifyLocal);
            Uri? notify = null;
            if (notifyUrl is not null && (!Uri.TryCreate(notifyUrl, UriKind.Absolute, out notify) || notify.Scheme is not ("http" or "https")))
            {
                Console.Error.WriteLine($"--notify-local must be an absolute http(s) URL, not '{notifyUrl}'.");
                return 2;
            }

            if (notify is not null && !options.UsesAzure)
            {
                Console.Error.WriteLine("--notify-local needs blob storage (--blob or Storage:ConnectionString): a folder inbox raises no blob events.");
                return 2;
            }

            AzureBlobObjectStore? azureStore = null;
            DropTarget store;
            if (options.UsesAzure)
            {
                azureStore = AzureBlobStores.CreateArticlesStore(options, host.Services);
                store = new BlobTarget(azureStore);
            }
            else
            {
                store = new FolderTarget(new FolderInbox(options.InboxDirectory));
            }

            var (files, missing) = Collect(parse.GetValue(paths) ?? []);
            foreach (var path in missing)
            {
                Console.Error.WriteLine($"Not found: {path}");
            }

            var items = await DropAllAsync(store, files, parse.GetValue(overwrite), cancellationToken);
            Report(items, store.Description);
            var notified = notify is null || await NotifyAsync(notify, azureStore!, items, host.Get<TimeProvider>(), cancellationToken);
            return missing.Count > 0 || !notified || items.Any(i => i.Status == DropStatus.Failed) ? 1 : 0;
        });
        return command;
    }

    private static (List<FileInfo> Files, List<string> Missing) Collect(IEnumerable<string> paths)
    {
        var files = new List<FileInfo>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(new FileInfo(path));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(new DirectoryInfo(path).EnumerateFiles()
                    .Where(f => !f.Name.StartsWith('.'))
                    .OrderBy(f => f.Name, StringComparer.Ordinal));
            }
            else
            {
                missing.Add(path);
            }
        }

        return (files, missing);
    }

    private static async Task<List<DropItem>> DropAllAsync(DropTarget store, List<FileInfo> files, bool overwrite, CancellationToken cancellationToken)
    {
        var items = new List<DropItem>();
        if (files.Count >= ProgressThreshold && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress().AutoClear(false).StartAsync(async context =>
            {
                var bar = context.AddTask($"Dropping {files.Count} files", maxValue: files.Count);
                foreach (var file in files)
                {
                    var item = await DropOneAsync(store, file, overwrite, cancellationToken);
                    items.Add(item);
                    bar.Increment(1);
                }
            });
            return items;
        }

        foreach (var file in files)
        {
            var item = await DropOneAsync(store, file, overwrite, cancellationToken);
            items.Add(item);
            Console.WriteLine(Describe(item));
        }

        return items;
    }

    private static async Task<DropItem> DropOneAsync(DropTarget store, FileInfo file, bool overwrite, CancellationToken cancellationToken)
    {
        var name = file.Name;
        if (!AzureContentTypes.IsArticle(name))
        {
            return new DropItem(name, file.FullName, DropStatus.Unsupported,
                $"skipped: unsupported extension (use {string.Join(", ", AzureContentTypes.ArticleExtensions)})");
        }

        try
        {
            var content = BinaryData.FromBytes(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
            if (await store.TryAddAsync(name, content, cancellationToken))
            {
                return new DropItem(name, file.FullName, DropStatus.Uploaded);
            }

            if (!overwrite)
            {
                return new DropItem(name, file.FullName, DropStatus.AlreadyThere, "already there (use --overwrite to replace it)");
            }

            return await store.ReplaceAsync(name, file.FullName, content, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new DropItem(name, file.FullName, DropStatus.Failed, $"failed: {CliErrors.Describe(e)}");
        }
    }

    /// <summary>Where <c>drop</c> puts files: the articles container or the inbox folder.</summary>
    private abstract class DropTarget
    {
        public abstract string Description { get; }

        /// <returns>False when a file of that name is already there.</returns>
        public abstract Task<bool> TryAddAsync(string name, BinaryData content, CancellationToken cancellationToken);

        /// <summary>Replaces the file of that name (<c>--overwrite</c>); unchanged when it has the same content.</summary>
        public abstract Task<DropItem> ReplaceAsync(string name, string source, BinaryData content, CancellationToken cancellationToken);
    }

    private sealed class BlobTarget(AzureBlobObjectStore store) : DropTarget
    {
        public override string Description => store.Description;

        public override async Task<bool> TryAddAsync(string name, BinaryData content, CancellationToken cancellationToken) =>
            await store.TryCreateAsync(name, content, cancellationToken) is not null;

        public override async Task<DropItem> ReplaceAsync(string name, string source, BinaryData content, CancellationToken cancellationToken)
        {
            // Someone may change or delete the blob meanwhile: re-read and try again a few times.
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var existing = await store.GetAsync(name, cancellationToken);
                if (existing is null)
                {
                    if (await TryAddAsync(name, content, cancellationToken))
                    {
                        return new DropItem(name, source, DropStatus.Uploaded);
                    }

                    continue;
                }

                if (existing.Content.ToMemory().Span.SequenceEqual(content.ToMemory().Span))
                {
                    return new DropItem(name, source, DropStatus.Unchanged, "already there with the same content");
                }

                if (await store.TryReplaceAsync(name, content, existing.ETag, cancellationToken) is not null)
                {
                    return new DropItem(name, source, DropStatus.Replaced, "replaced");
                }
            }

            return new DropItem(name, source, DropStatus.Failed, "failed: it kept changing while being replaced");
        }
    }

    private sealed class FolderTarget(FolderInbox inbox) : DropTarget
    {
        public override string Description => inbox.Root;

        public override Task<bool> TryAddAsync(string name, BinaryData content, CancellationToken cancellationToken) =>
            inbox.TryAddAsync(name, content, cancellationToken);

        public override async Task<DropItem> ReplaceAsync(string name, string source, BinaryData content, CancellationToken cancellationToken)
        {
            if (await inbox.ReadAsync(name, cancellationToken) is { } existing && existing.ToMemory().Span.SequenceEqual(content.ToMemory().Span))
            {
                return new DropItem(name, source, DropStatus.Unchanged, "already there with the same content");
            }

            await inbox.ReplaceAsync(name, content, cancellationToken);
            return new DropItem(name, source, DropStatus.Replaced, "replaced");
        }
    }

    /// <summary>Posts one BlobCreated event per uploaded file, as Event Grid would to a blob trigger.</summary>
    private static async Task<bool> NotifyAsync(Uri url, AzureBlobObjectStore store, List<DropItem> items, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ok = true;
        foreach (var item in items.Where(i => i.Status is DropStatus.Uploaded or DropStatus.Replaced))
        {
            var body = AzureBlobCreatedEvent.Create(
                store.BlobUri(item.Name), store.ContainerName, item.Name, AzureContentTypes.For(item.Name),
                new FileInfo(item.Source!).Length, timeProvider.GetUtcNow());
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("aeg-event-type", "Notification");
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"  > {item.Name}: BlobCreated event posted");
                    continue;
                }

                Console.Error.WriteLine($"  ! {item.Name}: the Functions runtime answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine($"  ! {item.Name}: could not post the BlobCreated event to {url.GetLeftPart(UriPartial.Path)}: {e.Message}");
            }

            ok = false;
        }

        return ok;
    }

    private static string Describe(DropItem item) => item.Status switch
    {
        DropStatus.Uploaded => $"  + {item.Name}",
        DropStatus.Replaced => $"  ~ {item.Name}: {item.Note}",
        DropStatus.AlreadyThere or DropStatus.Unchanged => $"  = {item.Name}: {item.Note}",
        DropStatus.Unsupported => $"  - {item.Name}: {item.Note}",
        _ => $"  ! {item.Name}: {item.Note}",
    };

    private static void Report(List<DropItem> items, string target)
    {
        if (items.Count == 0)
        {
            Console.WriteLine($"No files to drop into {target}.");
            return;
        }

        // After a progress bar, list what needs a person's attention (the bar showed the rest).
        if (!Console.IsOutputRedirected && items.Count >= ProgressThreshold && AnsiConsole.Profile.Capabilities.Interactive)
        {
            foreach (var item in items.Where(i => i.Status is not DropStatus.Uploaded))
            {
                Console.WriteLine(Describe(item));
            }
        }

        // One bad file does not stop the others: say at the end which ones were not dropped.
        var failed = items.Where(i => i.Status == DropStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            Console.Error.WriteLine($"Could not drop {failed.Count} file(s):");
            foreach (var item in failed)
            {
                Console.Error.WriteLine($"  {item.Source ?? item.Name}: {item.Note}");
            }
        }

        Console.WriteLine(
            $"{items.Count(i => i.Status is DropStatus.Uploaded or DropStatus.Replaced)} dropped into {target}, " +
            $"{items.Count(i => i.Status is DropStatus.AlreadyThere or DropStatus.Unchanged)} already there, " +
            $"{items.Count(i => i.Status == DropStatus.Unsupported)} skipped, " +
            $"{items.Count(i => i.Status == DropStatus.Failed)} failed.");
    }
}
