using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Storage;
using SummaryBot.Core.Stories;
using SummaryBot.Core.Summaries;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// Same-story detection quality on Multi-News (sample_test.csv): the 666 documents of the 250
/// clusters are pooled, shuffled with a fixed seed (42), and assigned one by one to a fresh
/// store-backed index over a temporary folder; the row index is the gold story. Reports pairwise
/// precision / recall / F1 of the same-story decision and B-cubed precision / recall / F1, a
/// threshold sweep (on the in-memory index, same algorithm), and the seed pair.
/// Multi-News has no dates: every document gets the same time, so all are within the window.
/// Documents have no titles: the first sentence (at most 200 characters) stands in for one.
/// </summary>
public sealed class StoryDetectionEvaluation : IEvaluation
{
    private const string Group = "stories";
    private const int ShuffleSeed = 42;
    private static readonly DateTimeOffset SameTime = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public string Name => "stories";

    public int Order => 30;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var figures = new List<Figure>();
        var csv = context.EvalFile("sample_test.csv");
        if (csv is null)
        {
            figures.Add(new Figure(Group, "Multi-News pairwise precision", "not run", "≥ 0.95", null, "sample_test.csv not found"));
        }
        else
        {
            await EvaluateMultiNewsAsync(csv, context, figures, cancellationToken);
        }

        await EvaluateSeedsAsync(context, figures, cancellationToken);
        return figures;
    }

    private static async Task EvaluateMultiNewsAsync(string csv, EvaluationContext context, List<Figure> figures, CancellationToken cancellationToken)
    {
        var documents = LoadMultiNews(csv);
        context.Log.WriteLine($"Multi-News: {documents.Count} documents in {documents.Select(d => d.Gold).Distinct().Count()} stories");
        var options = new StoryOptions();

        var root = Path.Combine(Path.GetTempPath(), "sb-story-eval-" + Guid.NewGuid().ToString("N"));
        try
        {
            var index = new StoreStoryIndex(
                new FolderObjectStore(root), Options.Create(options), TimeProvider.System, NullLogger<StoreStoryIndex>.Instance);
            var predicted = new List<string>(documents.Count);
            foreach (var document in documents)
            {
                predicted.Add((await index.AssignAsync(document.Article, cancellationToken)).StoryId);
            }

            var scores = Score(documents.Select(d => d.Gold).ToList(), predicted);
            var note = $"threshold {options.SimilarityThreshold:F2}, {options.FingerprintTerms} terms, {options.LookupKeys} keys; " +
                       $"{scores.PredictedStories} predicted stories for {scores.GoldStories} gold; store-backed index over a temp folder";
            figures.Add(new Figure(Group, "Multi-News pairwise precision", F(scores.PairPrecision), "≥ 0.95", scores.PairPrecision >= 0.95, note));
            figures.Add(new Figure(Group, "Multi-News pairwise recall", F(scores.PairRecall), "", null));
            figures.Add(new Figure(Group, "Multi-News pairwise F1", F(scores.PairF1), "", null));
            figures.Add(new Figure(Group, "Multi-News B-cubed precision", F(scores.BCubedPrecision), "", null));
            figures.Add(new Figure(Group, "Multi-News B-cubed recall", F(scores.BCubedRecall), "", null));
            figures.Add(new Figure(Group, "Multi-News B-cubed F1", F(scores.BCubedF1), "≥ 0.85", scores.BCubedF1 >= 0.85));

            // The in-memory index runs the same algorithm: it must agree with the store-backed one.
            var memory = new InMemoryStoryIndex(options, TimeProvider.System);
            var agree = 0;
            for (var i = 0; i < documents.Count; i++)
            {
                var m = await memory.AssignAsync(documents[i].Article, cancellationToken);
                agree += string.Equals(m.StoryId, predicted[i], StringComparison.Ordinal) ? 1 : 0;
            }

            figures.Add(new Figure(Group, "in-memory agrees with store-backed", $"{agree}/{documents.Count}", $"= {documents.Count}", agree == documents.Count));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        await EvaluatePerfectArbiterAsync(documents, options, figures, cancellationToken);

        context.Log.WriteLine("threshold sweep (in-memory index; pairwise P/R/F1, B-cubed P/R/F1):");
        foreach (var threshold in new[] { 0.06, 0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20 })
        {
            var sweep = new StoryOptions { SimilarityThreshold = threshold };
            var memory = new InMemoryStoryIndex(sweep, TimeProvider.System);
            var predicted = new List<string>(documents.Count);
            foreach (var document in documents)
            {
                predicted.Add((await memory.AssignAsync(document.Article, cancellationToken)).StoryId);
            }

            var s = Score(documents.Select(d => d.Gold).ToList(), predicted);
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {threshold:F2}: pairwise {s.PairPrecision:F3}/{s.PairRecall:F3}/{s.PairF1:F3}  B-cubed {s.BCubedPrecision:F3}/{s.BCubedRecall:F3}/{s.BCubedF1:F3}  stories {s.PredictedStories}"));
        }
    }

    /// <summary>
    /// The same store-backed run with an arbiter that always answers right (it reads the gold
    /// labels): what model arbitration of the borderline band can reach at best, and how many
    /// reports it asks about. Story documents are written as the pipeline writes them, since the
    /// arbiter is shown the story as stored.
    /// </summary>
    private static async Task EvaluatePerfectArbiterAsync(
        IReadOnlyList<(int Gold, Article Article)> documents, StoryOptions options, List<Figure> figures, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "sb-story-arbiter-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new FolderObjectStore(root);
            var arbiter = new GoldArbiter(documents.ToDictionary(d => d.Article.Name, d => d.Gold, StringComparer.Ordinal));
            var index = new StoreStoryIndex(store, Options.Create(options), TimeProvider.System, NullLogger<StoreStoryIndex>.Instance, arbiter);
            var stories = new StoryRepository(store, TimeProvider.System);
            var predicted = new List<string>(documents.Count);
            foreach (var (_, article) in documents)
            {
                var assignment = await index.AssignAsync(article, cancellationToken);
                if (assignment.IsNew)
                {
                    await stories.CreateAsync(assignment.StoryId, article, new Summary(article.Title, article.Title, SummarizerNames.Extractive), cancellationToken);
                }
                else
                {
                    await stories.AddSourceAsync(assignment.StoryId, article, () => throw new InvalidOperationException("a joined story exists"), cancellationToken);
                }

                predicted.Add(assignment.StoryId);
            }

            var s = Score(documents.Select(d => d.Gold).ToList(), predicted);
            var note = string.Create(CultureInfo.InvariantCulture,
                $"upper bound of model arbitration: an arbiter that is always right, asked about {arbiter.Calls} of {documents.Count} reports " +
                $"(similarity {options.ArbiterFloor:F2}-{options.ArbiterCeiling:F2}); pairwise recall {s.PairRecall:F3}, B-cubed F1 {s.BCubedF1:F3}");
            figures.Add(new Figure(Group, "Multi-News pairwise precision, perfect arbiter", F(s.PairPrecision), "", null, note));
            figures.Add(new Figure(Group, "Multi-News B-cubed F1, perfect arbiter", F(s.BCubedF1), "", null));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Answers from the gold labels: the story is its founder's gold story.</summary>
    private sealed class GoldArbiter(Dictionary<string, int> gold) : IStoryArbiter
    {
        public int Calls { get; private set; }

        public bool IsAvailable => true;

        public Task<bool?> IsSameEventAsync(Article article, StoryDocument story, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult<bool?>(gold[article.Name] == gold[story.Sources[0].ArticleName]);
        }
    }

    private static async Task EvaluateSeedsAsync(EvaluationContext context, List<Figure> figures, CancellationToken cancellationToken)
    {
        var seeds = context.EvalDataDirectory is null ? null : Path.Combine(context.EvalDataDirectory, "..", "seeds");
        var files = seeds is not null && Directory.Exists(seeds) ? Directory.GetFiles(seeds, "*.txt").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length < 2)
        {
            figures.Add(new Figure(Group, "seed pair same story", "not run", "yes", null, "shared/seeds not found"));
            return;
        }

        var options = new StoryOptions();
        var index = new InMemoryStoryIndex(options, TimeProvider.System);
        var articles = files.Take(2).Select(f => ReadSeed(f)).ToArray();
        var first = await index.AssignAsync(articles[0], cancellationToken);
        var second = await index.AssignAsync(articles[1], cancellationToken);
        var fingerprints = articles.Select(a => StoryFingerprint.Create(a, options.FingerprintTerms)).ToArray();
        var similarity = fingerprints[0].Similarity(fingerprints[1]);
        var cosine = fingerprints[0].Cosine(fingerprints[1]);
        var same = string.Equals(first.StoryId, second.StoryId, StringComparison.Ordinal);
        figures.Add(new Figure(Group, "seed pair same story", same ? "yes" : "no", "yes", same,
            string.Create(CultureInfo.InvariantCulture, $"similarity {similarity:F3} (cosine {cosine:F3}) vs threshold {options.SimilarityThreshold:F2}")));
    }

    private static Article ReadSeed(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return new Article(Path.GetFileName(path), lines[0], lines[1..], null, null, SameTime);
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    internal static IReadOnlyList<(int Gold, Article Article)> LoadMultiNews(string csvPath)
    {
        var rows = CsvRows(File.ReadAllText(csvPath, Encoding.UTF8)).ToList();
        var column = rows[0].IndexOf("documents");
        if (column < 0)
        {
            throw new InvalidDataException($"{csvPath}: no 'documents' column in the header.");
        }

        var documents = new List<(int Gold, Article Article)>();
        for (var row = 1; row < rows.Count; row++)
        {
            var texts = PythonStringList(rows[row][column]);
            for (var i = 0; i < texts.Count; i++)
            {
                // The cleaner's paragraph rule, as the product applies it to a plain-text body: the
                // documents are text extracted from web pages, with their share widgets and embeds.
                var paragraphs = texts[i].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(p => !BoilerplateRules.IsFurniture(p))
                    .ToArray();
                var title = FirstSentence(paragraphs.Length > 0 ? paragraphs[0] : string.Empty);
                var name = string.Create(CultureInfo.InvariantCulture, $"multinews-{row - 1:000}-{i}.txt");
                documents.Add((row - 1, new Article(name, title, paragraphs, null, null, SameTime)));
            }
        }

        // A fixed-seed Fisher-Yates shuffle: reports of one story arrive spread out, as they would.
        var random = new Random(ShuffleSeed);
        var shuffled = documents.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    private static string FirstSentence(string paragraph)
    {
        var end = paragraph.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 ? paragraph[..(end + 1)] : paragraph;
        return sentence.Length <= 200 ? sentence : sentence[..200];
    }

    /// <summary>RFC 4180: fields separated by commas, optionally quoted, "" inside quotes is a quote, newlines allowed in quotes.</summary>
    private static IEnumerable<List<string>> CsvRows(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row;
                    row = [];
                    break;
                case '\r':
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }

    /// <summary>
    /// Parses a Python list literal of string literals (as <c>repr</c> writes them): single- or
    /// double-quoted, with backslash escapes (\\ \' \" \n \t \r \xNN \uNNNN \UNNNNNNNN).
    /// </summary>
    internal static List<string> PythonStringList(string literal)
    {
        var items = new List<string>();
        var i = SkipSpace(literal, 0);
        if (i >= literal.Length || literal[i] != '[')
        {
            throw new FormatException("A Python list literal must start with '['.");
        }

        i = SkipSpace(literal, i + 1);
        while (i < literal.Length && literal[i] != ']')
        {
            var quote = literal[i];
            if (quote is not ('\'' or '"'))
            {
                throw new FormatException($"Expected a string literal at offset {i}.");
            }

            var value = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= literal.Length)
                {
                    throw new FormatException("Unterminated string literal.");
                }

                var c = literal[i];
                if (c == quote)
                {
                    i++;
                    break;
                }

                if (c != '\\')
                {
                    value.Append(c);
                    i++;
                    continue;
                }

                var e = i + 1 < literal.Length ? literal[i + 1] : throw new FormatException("Dangling backslash.");
                i += 2;
                switch (e)
                {
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    case 'r': value.Append('\r'); break;
                    case '\\' or '\'' or '"': value.Append(e); break;
                    case 'x': value.Append((char)Hex(literal, ref i, 2)); break;
                    case 'u': value.Append((char)Hex(literal, ref i, 4)); break;
                    case 'U': value.Append(char.ConvertFromUtf32(Hex(literal, ref i, 8))); break;
                    default: value.Append('\\').Append(e); break;
                }
            }

            items.Add(value.ToString());
            i = SkipSpace(literal, i);
            if (i < literal.Length && literal[i] == ',')
            {
                i = SkipSpace(literal, i + 1);
            }
        }

        return items;
    }

    private static int Hex(string text, ref int i, int digits)
    {
        if (i + digits > text.Length)
        {
            throw new FormatException("Truncated escape.");
        }

        var value = int.Parse(text.AsSpan(i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        i += digits;
        return value;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    internal sealed record Scores(
        double PairPrecision, double PairRecall, double PairF1, double BCubedPrecision, double BCubedRecall, double BCubedF1, int GoldStories, int PredictedStories);

    internal static Scores Score(IReadOnlyList<int> gold, IReadOnlyList<string> predicted)
    {
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            for (var j = i + 1; j < gold.Count; j++)
            {
                var g = gold[i] == gold[j];
                var p = string.Equals(predicted[i], predicted[j], StringComparison.Ordinal);
                tp += g && p ? 1 : 0;
                fp += !g && p ? 1 : 0;
                fn += g && !p ? 1 : 0;
            }
        }

        var goldSize = gold.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        var predictedSize = predicted.GroupBy(p => p, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var both = gold.Zip(predicted).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        double bp = 0, br = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            var overlap = both[(gold[i], predicted[i])];
            bp += (double)overlap / predictedSize[predicted[i]];
            br += (double)overlap / goldSize[gold[i]];
        }

        bp /= gold.Count;
        br /= gold.Count;
        var pp = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        var pr = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
        return new Scores(pp, pr, Harmonic(pp, pr), bp, br, Harmonic(bp, br), goldSize.Count, predictedSize.Count);
    }

    private static double Harmonic(double a, double b) => a + b == 0 ? 0 : 2 * a * b / (a + b);
}
