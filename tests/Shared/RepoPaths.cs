namespace Warning.Tests.Shared;

/// <summary>Where the repository and the shared real data sets are, from a test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/data</c> beside the repository, or <c>WARNING_SHARED_DATA</c>.</summary>
    public static string SharedData =>
        Environment.GetEnvironmentVariable("WARNING_SHARED_DATA") is { Length: > 0 } dir ? dir : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Warning.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Warning.sln not found above {AppContext.BaseDirectory}");
    }
}
