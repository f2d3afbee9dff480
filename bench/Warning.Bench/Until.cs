using System.Diagnostics;

namespace Warning.Bench;

/// <summary>Waiting on a condition with a deadline, never a blind sleep.</summary>
public static class Until
{
    public static Task True(Func<bool> done, TimeSpan deadline, string what, CancellationToken ct) =>
        True(() => Task.FromResult(done()), deadline, what, ct);

    public static async Task True(Func<Task<bool>> done, TimeSpan deadline, string what, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > deadline) throw new TimeoutException($"bench: {what} within {deadline}");
            await Task.Delay(10, ct);
        }
    }
}
