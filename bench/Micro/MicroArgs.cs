namespace Warning.Micro;

/// <summary>
/// The suite's own options; everything else goes to BenchmarkDotNet's switcher untouched, so its <c>--filter</c>,
/// <c>--list</c> and the like work as documented there.
/// </summary>
public sealed record MicroArgs(bool Quick, DirectoryInfo Results, string[] SwitcherArgs)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Micro -- [--quick] [--results DIR] [BenchmarkDotNet args, e.g. --filter '*LineProtocol*']";

    public static MicroArgs Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        var results = new DirectoryInfo(Path.Combine("bench", "results"));
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--results" when i + 1 < args.Count:
                    results = new DirectoryInfo(args[++i]);
                    break;
                case "--results":
                    throw new ArgumentException("--results needs a directory");
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        // Without a filter the switcher asks at the console which benchmark to run; a scripted run wants them all.
        if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "--info" or "--version"))
        {
            rest.AddRange(["--filter", "*"]);
        }
        return new MicroArgs(quick, results, [.. rest]);
    }

    /// <summary><c>{results}/micro-{quick|full}-{yyyyMMddTHHmmss}</c> (UTC), named as the other suites name theirs.</summary>
    public string RunDirectory(DateTime utcNow) =>
        Path.Combine(Results.FullName, $"micro-{(Quick ? "quick" : "full")}-{utcNow:yyyyMMdd'T'HHmmss}");
}
