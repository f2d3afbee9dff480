using System.Diagnostics;
using System.Text;

namespace Warning.Bench;

/// <summary>
/// The BenchmarkDotNet micro-benchmarks (<c>bench/Micro</c>: rule evaluation, payload parsing, line-protocol encoding,
/// with allocations) run as their own Release process, as BenchmarkDotNet requires; their GitHub-Markdown tables are
/// carried into the summary.
/// </summary>
public static class MicroBench
{
    public static async Task<string> Run(DirectoryInfo project, string results, bool quick, TextWriter progress, CancellationToken ct)
    {
        if (!project.Exists) throw new DirectoryNotFoundException($"bench: the micro-benchmark project is not at {project.FullName} (--micro)");
        var started = DateTime.UtcNow;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false };
        foreach (var arg in new[] { "run", "-c", "Release", "--project", project.FullName, "--", "--results", results }) start.ArgumentList.Add(arg);
        if (quick) start.ArgumentList.Add("--quick");
        using var process = Process.Start(start)!;
        // BenchmarkDotNet talks a lot; only its result lines and errors matter here.
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith('|') || line.Contains("error", StringComparison.OrdinalIgnoreCase)) await progress.WriteLineAsync($"micro: {line}");
        }
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"bench: the micro-benchmarks failed (exit {process.ExitCode})");
        var reports = new DirectoryInfo(results).EnumerateFiles("*-report-github.md", SearchOption.AllDirectories)
            .Where(f => f.LastWriteTimeUtc >= started).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (reports.Count == 0) throw new InvalidOperationException($"bench: the micro-benchmarks wrote no *-report-github.md under {results}");
        var markdown = new StringBuilder();
        foreach (var report in reports) markdown.Append(await File.ReadAllTextAsync(report.FullName, ct)).Append('\n');
        return markdown.ToString();
    }
}
