using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Tiketi.LoadTests;

/// <summary>Which direction of a metric is an improvement (used for ratios).</summary>
internal enum Better
{
    Higher,
    Lower,
    Neither,
}

/// <summary>One measured figure.</summary>
internal sealed record Metric(string Name, double Value, string Unit, Better Better);

/// <summary>The outcome of one scenario run against one server, printable and saved as JSON for comparisons.</summary>
internal sealed class BenchResult
{
    public required string Scenario { get; init; }

    public required string Label { get; init; }

    public required string Parameters { get; init; }

    public List<Metric> Metrics { get; init; } = [];

    public List<string> Warnings { get; init; } = [];

    public void Add(string name, double value, string unit, Better better) => Metrics.Add(new Metric(name, value, unit, better));

    public void Print()
    {
        var table = new Table().Title($"[bold]{Markup.Escape(Scenario)}[/] against [bold]{Markup.Escape(Label)}[/]")
            .Caption(Markup.Escape(Parameters))
            .AddColumn("metric")
            .AddColumn(new TableColumn("value").RightAligned())
            .AddColumn("unit");
        foreach (var m in Metrics)
        {
            table.AddRow(Markup.Escape(m.Name), Format(m.Value), Markup.Escape(m.Unit));
        }
        AnsiConsole.Write(table);
        foreach (var w in Warnings)
        {
            AnsiConsole.MarkupLine("[yellow]warning:[/] " + Markup.Escape(w));
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, BenchJsonContext.Default.BenchResult));
    }

    public static BenchResult Load(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), BenchJsonContext.Default.BenchResult)
        ?? throw new InvalidDataException($"{path} holds no result");

    public static string Format(double value) =>
        double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 100 ? value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BenchResult))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
