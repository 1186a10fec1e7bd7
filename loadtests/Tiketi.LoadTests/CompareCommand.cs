using Spectre.Console;

namespace Tiketi.LoadTests;

/// <summary>
/// <c>compare a.json b.json</c>: the same scenario's results side by side with the ratio a/b
/// and which side is better for each figure.
/// </summary>
internal static class CompareCommand
{
    public static int Run(string[] paths)
    {
        if (paths.Length != 2)
        {
            AnsiConsole.MarkupLine("usage: compare <a.json> <b.json>");
            return 2;
        }
        var a = BenchResult.Load(paths[0]);
        var b = BenchResult.Load(paths[1]);
        var table = new Table().Title($"[bold]{Markup.Escape(a.Scenario)}[/]: {Markup.Escape(a.Label)} vs {Markup.Escape(b.Label)}")
            .Caption(Markup.Escape(a.Parameters))
            .AddColumn("metric")
            .AddColumn(new TableColumn(Markup.Escape(a.Label)).RightAligned())
            .AddColumn(new TableColumn(Markup.Escape(b.Label)).RightAligned())
            .AddColumn("unit")
            .AddColumn(new TableColumn($"{Markup.Escape(a.Label)}/{Markup.Escape(b.Label)}").RightAligned())
            .AddColumn("better");
        foreach (var m in a.Metrics)
        {
            var other = b.Metrics.FirstOrDefault(x => x.Name == m.Name);
            var otherValue = other?.Value ?? double.NaN;
            var ratio = otherValue == 0 || double.IsNaN(otherValue) ? double.NaN : m.Value / otherValue;
            var winner = double.IsNaN(ratio) || m.Better == Better.Neither || Math.Abs(ratio - 1) < 0.02 ? ""
                : (m.Better == Better.Higher) == (ratio > 1) ? a.Label : b.Label;
            table.AddRow(Markup.Escape(m.Name), BenchResult.Format(m.Value), BenchResult.Format(otherValue), Markup.Escape(m.Unit),
                double.IsNaN(ratio) ? "n/a" : ratio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "x",
                Markup.Escape(winner));
        }
        AnsiConsole.Write(table);
        foreach (var (label, w) in a.Warnings.Select(w => (a.Label, w)).Concat(b.Warnings.Select(w => (b.Label, w))))
        {
            AnsiConsole.MarkupLine($"[yellow]warning ({Markup.Escape(label)}):[/] {Markup.Escape(w)}");
        }
        return 0;
    }
}
