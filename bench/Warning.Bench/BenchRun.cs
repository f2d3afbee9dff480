using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Warning.Bench;

/// <summary>One <c>./warning bench</c>: where its results go, and the figures gathered for its Markdown summary.</summary>
public sealed class BenchRun
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly List<Figure> _figures = [];
    private readonly List<(string Suite, string Markdown)> _attached = [];

    public BenchRun(DirectoryInfo results, bool quick)
    {
        results.Create();
        Directory = results.FullName;
        Stamp = $"{(quick ? "quick" : "full")}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}";
    }

    public string Directory { get; }

    /// <summary><c>quick|full-{UTC time}</c>, in every file name of this run.</summary>
    public string Stamp { get; }

    /// <summary>Figures whose suite wrote its own results file.</summary>
    public void Add(IEnumerable<Figure> figures) => _figures.AddRange(figures);

    /// <summary>Writes <c>{suite}-{stamp}.json</c> with the raw outcome and every figure; keeps the figures for the summary.</summary>
    public async Task Record(string suite, object outcome, IEnumerable<Figure> figures, CancellationToken ct)
    {
        var list = figures.ToList();
        _figures.AddRange(list);
        var document = new { benchmark = suite, when = DateTimeOffset.UtcNow, machine = Machine(), outcome, figures = list.Select(Json) };
        await File.WriteAllTextAsync(Path.Combine(Directory, $"{suite}-{Stamp}.json"), JsonSerializer.Serialize(document, Indented), ct);
    }

    /// <summary>A report another tool wrote (BenchmarkDotNet's Markdown), carried into the summary as it is.</summary>
    public Task Attach(string suite, string markdown)
    {
        _attached.Add((suite, markdown));
        return Task.CompletedTask;
    }

    public async Task<string> WriteSummary(CancellationToken ct)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Bench {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC ({Stamp}, {Environment.ProcessorCount} cores)\n\n");
        text.Append("| figure | value | baseline (same run) | ratio |\n|---|---|---|---|\n");
        foreach (var f in _figures)
            text.Append(CultureInfo.InvariantCulture, $"| {f.Name} | {Number(f.Value)} {f.Unit} | {(f.Baseline is null ? "—" : $"{f.Baseline}: {Number(f.BaselineValue!.Value)}")} | {(f.Ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "—")} |\n");
        foreach (var (suite, markdown) in _attached) text.Append(CultureInfo.InvariantCulture, $"\n## {suite}\n\n{markdown}\n");
        var path = Path.Combine(Directory, $"summary-{Stamp}.md");
        await File.WriteAllTextAsync(path, text.ToString(), ct);
        return path;
    }

    private static string Number(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static object Machine() => new { Environment.ProcessorCount, os = Environment.OSVersion.ToString() };

    private static object Json(Figure f) => new { name = f.Name, value = Math.Round(f.Value, 2), unit = f.Unit, baseline = f.Baseline, baselineValue = f.BaselineValue is { } b ? Math.Round(b, 2) : (double?)null, ratio = f.Ratio };
}
