using System.Globalization;
using SummaryBot.Core.Articles;
using SummaryBot.Core.Summaries;
using SummaryBot.Testing.Evaluation;

namespace SummaryBot.Benchmarks.Evaluations;

/// <summary>
/// ROUGE-1/2/L F1 of the extractive summarizer against LEAD-3 on ../shared/eval/cnndm_mini-dataset.tsv
/// (100 CNN/DailyMail articles, lowercased and tokenised, with reference highlights). Two
/// configurations are measured: LEAD-3's budget (three sentences, no character limit), which is the
/// like-for-like comparison, and the summary text as posted at the production budget (about 400
/// characters, shorter than LEAD-3): both carry the target. LEAD-3 uses the same
/// sentence splitter. The data is read in place and never copied.
/// </summary>
public sealed class SummaryQualityEvaluation : IEvaluation
{
    private const string FileName = "cnndm_mini-dataset.tsv";
    private const string Group = "summaries";

    /// <summary>LEAD-3 on this file as SOURCES.md reports it (another sentence splitter): R1, R2, RL.</summary>
    private static readonly double[] PublishedLead3 = [26.77, 10.56, 18.58];

    public string Name => "summaries";

    public int Order => 40;

    public async Task<IReadOnlyList<Figure>> RunAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.EvalFile(FileName);
        if (path is null)
        {
            var why = context.EvalDataDirectory is null ? "not run: ../shared/eval not found" : $"not run: {FileName} not found in ../shared/eval";
            context.Log.WriteLine(why);
            return [new Figure(Group, "ROUGE vs LEAD-3", why, "≥ LEAD-3", null)];
        }

        var rows = await ReadRowsAsync(path, cancellationToken);
        if (context.Quick)
        {
            rows = rows.Take(20).ToList();
        }

        var threeSentences = new ExtractiveSummarizer { MaxCharacters = null };
        var production = new ExtractiveSummarizer();
        var lead = new RougeTotals();
        var extractive = new RougeTotals();
        var productionTotals = new RougeTotals();
        foreach (var (source, reference) in rows)
        {
            lead.Add(string.Join(' ', SentenceSplitter.Split(source).Take(3)), reference);
            extractive.Add(string.Join(' ', threeSentences.SelectSentences(string.Empty, [source])), reference);
            // What subscribers read: the text of the summary as the pipeline stores and posts it.
            productionTotals.Add(production.Summarize(new Article("cnndm.txt", string.Empty, [source], null, null, null)).Text, reference);
        }

        context.Log.WriteLine($"{rows.Count} articles from {path}");
        var figures = new List<Figure>();
        var measures = new (string, Func<RougeTotals, double>)[] { ("ROUGE-1", t => t.R1), ("ROUGE-2", t => t.R2), ("ROUGE-L", t => t.RL) };
        for (var m = 0; m < measures.Length; m++)
        {
            var (measure, pick) = measures[m];
            var baseline = pick(lead);
            var target = Math.Max(baseline, PublishedLead3[m]);
            figures.Add(new Figure(Group, $"{measure} F1 LEAD-3", Format(baseline), $"baseline (SOURCES.md {Format(PublishedLead3[m])})", null));
            figures.Add(new Figure(Group, $"{measure} F1 extractive, 3 sentences", Format(pick(extractive)), $"≥ LEAD-3 ({Format(target)})", pick(extractive) >= target - 1e-9));
            figures.Add(new Figure(Group, $"{measure} F1 extractive as posted (400 chars)", Format(pick(productionTotals)), $"≥ LEAD-3 ({Format(baseline)})", pick(productionTotals) >= baseline - 1e-9,
                measure == "ROUGE-L" ? $"the production budget, as posted; mean length {productionTotals.MeanWords:0} words vs LEAD-3 {lead.MeanWords:0}" : null));
        }

        return figures;
    }

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static async Task<List<(string Source, string Reference)>> ReadRowsAsync(string path, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string)>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                rows.Add((line[..tab], line[(tab + 1)..]));
            }
        }

        return rows;
    }

    /// <summary>Mean ROUGE F1 (as percentages) over the articles added.</summary>
    private sealed class RougeTotals
    {
        private double r1, r2, rl, words;
        private int count;

        public double R1 => 100 * r1 / Math.Max(1, count);

        public double R2 => 100 * r2 / Math.Max(1, count);

        public double RL => 100 * rl / Math.Max(1, count);

        public double MeanWords => words / Math.Max(1, count);

        public void Add(string summary, string reference)
        {
            var candidate = RougeScorer.Tokenize(summary);
            var gold = RougeScorer.Tokenize(reference);
            r1 += RougeScorer.RougeN(candidate, gold, 1).F1;
            r2 += RougeScorer.RougeN(candidate, gold, 2).F1;
            rl += RougeScorer.RougeL(candidate, gold).F1;
            words += candidate.Count;
            count++;
        }
    }
}
