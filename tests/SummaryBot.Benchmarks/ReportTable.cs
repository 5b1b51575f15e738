using SummaryBot.Benchmarks.Evaluations;

namespace SummaryBot.Benchmarks;

/// <summary>Prints figures as a fixed-width table: group, figure, value, target, result.</summary>
internal static class ReportTable
{
    public static void Write(TextWriter writer, IReadOnlyList<Figure> figures)
    {
        string[] headers = ["group", "figure", "value", "target", "result"];
        var rows = figures.Select(f => new[] { f.Group, f.Name, f.Value, f.Target, Result(f) }).ToList();
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();

        writer.WriteLine();
        writer.WriteLine(Line(headers, widths));
        writer.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row, widths));
        }

        foreach (var note in figures.Where(f => f.Note is not null))
        {
            writer.WriteLine($"note: {note.Group} / {note.Name}: {note.Note}");
        }

        var failed = figures.Count(f => f.Passed == false);
        var passed = figures.Count(f => f.Passed == true);
        writer.WriteLine();
        writer.WriteLine($"targets: {passed} met, {failed} missed, {figures.Count - passed - failed} informational");
    }

    private static string Result(Figure f) => f.Passed switch
    {
        true => "pass",
        false => "FAIL",
        null => "-",
    };

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i])));
}
