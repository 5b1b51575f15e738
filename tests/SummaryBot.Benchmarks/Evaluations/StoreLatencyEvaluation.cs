using System.Diagnostics;
using System.Globalization;
using SummaryBot.Core.Storage.Sqlite;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// Mean latency of each object-store operation on the embedded store, one caller, documents of
/// 1.5 KB (the size of a result record): create, read (present and missing), replace with the
/// current ETag, list a 100-path prefix, delete. 5,000 objects (1,000 with --quick).
/// </summary>
public sealed class StoreLatencyEvaluation : IEvaluation
{
    private const string Group = "store";

    public string Name => "store";

    public int Order => 11;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = context.Quick ? 1_000 : 5_000;
        var root = Directory.CreateTempSubdirectory("sb-store-bench-").FullName;
        try
        {
            using var store = new SqliteObjectStore(SqliteDatabase.InDirectory(root));
            return [.. (await MeasureAsync(store, count, cancellationToken)).Select(m =>
                new Figure(Group, $"SQLite store: {m.Operation}", string.Create(CultureInfo.InvariantCulture, $"{m.Micros:F1} µs"), "-", null))];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<List<(string Operation, double Micros)>> MeasureAsync(SqliteObjectStore store, int count, CancellationToken cancellationToken)
    {
        var content = BinaryData.FromBytes(Enumerable.Range(0, 1536).Select(i => (byte)('a' + (i % 26))).ToArray());
        var paths = Enumerable.Range(0, count).Select(i => $"results/{i / 100:D3}/article-{i:D6}.txt.json").ToList();
        var etags = new string[count];
        var figures = new List<(string, double)>();

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            etags[i] = (await store.TryCreateAsync(paths[i], content, cancellationToken))!;
        }

        figures.Add(("create", Micros(stopwatch, count)));

        stopwatch.Restart();
        for (var i = 0; i < count; i++)
        {
            _ = await store.GetAsync(paths[i], cancellationToken);
        }

        figures.Add(("get (present)", Micros(stopwatch, count)));

        stopwatch.Restart();
        for (var i = 0; i < count; i++)
        {
            _ = await store.GetAsync(paths[i] + ".missing", cancellationToken);
        }

        figures.Add(("get (missing)", Micros(stopwatch, count)));

        stopwatch.Restart();
        for (var i = 0; i < count; i++)
        {
            etags[i] = (await store.TryReplaceAsync(paths[i], content, etags[i], cancellationToken))!;
        }

        figures.Add(("replace (matching ETag)", Micros(stopwatch, count)));

        var lists = count / 100;
        stopwatch.Restart();
        for (var i = 0; i < lists; i++)
        {
            await foreach (var _ in store.ListAsync($"results/{i:D3}/", cancellationToken))
            {
            }
        }

        figures.Add(("list a prefix of 100 paths", Micros(stopwatch, lists)));

        stopwatch.Restart();
        for (var i = 0; i < count; i++)
        {
            _ = await store.DeleteAsync(paths[i], etags[i], cancellationToken);
        }

        figures.Add(("delete (matching ETag)", Micros(stopwatch, count)));
        return figures;
    }

    private static double Micros(Stopwatch stopwatch, int operations) => stopwatch.Elapsed.TotalMicroseconds / operations;
}
