using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Warning.Micro;

// dotnet run -c Release --project bench/Micro -- [--quick] [--results DIR] [--filter ...]
// A Debug build is refused by BenchmarkDotNet's own validator (it measures optimised code only): run with -c Release.
MicroArgs options;
try
{
    options = MicroArgs.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(MicroArgs.Usage);
    return 2;
}

// Quick: enough iterations to see the order of magnitude and the allocations (which do not need many), so the
// whole suite fits in about two minutes on a 2-core machine. Full: BenchmarkDotNet's defaults with warm-up and
// iterations bounded (3 and 8), so the suite stays within the full bench's half hour.
// In process, both: BenchmarkDotNet's separate-process toolchain looks for a project named after the assembly
// (Warning.Micro.csproj, not Micro.csproj) and would rebuild the engine's projects in the middle of a run, racing any
// other build of the tree. In-process runs still warm up, pilot and measure allocations per operation.
var job = (options.Quick
        ? Job.ShortRun.WithId("Quick").WithWarmupCount(3).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100))
        : Job.Default.WithId("Full").WithWarmupCount(3).WithIterationCount(8))
    .WithToolchain(InProcessEmitToolchain.Instance);

var artifacts = options.RunDirectory(DateTime.UtcNow);
var defaults = DefaultConfig.Instance;
var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumnProvider(defaults.GetColumnProviders().ToArray())
    .AddLogger(defaults.GetLoggers().ToArray())
    .AddAnalyser(defaults.GetAnalysers().ToArray())
    .AddValidator(defaults.GetValidators().ToArray())
    // GitHub Markdown for people, brief JSON (statistics and allocations) for the lead's summaries.
    .AddExporter(MarkdownExporter.GitHub, JsonExporter.Brief)
    .WithArtifactsPath(artifacts)
    // One table for the whole suite, rows in the order the benchmarks are declared.
    .WithOptions(ConfigOptions.JoinSummary)
    .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared));

var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroArgs).Assembly).Run(options.SwitcherArgs, config).ToList();
Console.WriteLine($"micro: results in {artifacts}");
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
