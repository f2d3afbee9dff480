namespace Warning.Silo.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, polling gently (2 cores: never spin).</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = default!;
        Exception? error = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (done(last)) return last;
                error = null;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
            {
                error = e;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s; last seen: {last}{(error is null ? "" : $"; last error: {error.Message}")}");
    }

    public static Task Until(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        Get(probe, ok => ok, timeout, what);

    /// <summary>Until a daemon the test started accepts TCP connections on 127.0.0.1.</summary>
    public static Task Listening(int port, string what) => Until(async () =>
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        try { await tcp.ConnectAsync("127.0.0.1", port); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }, TimeSpan.FromSeconds(15), $"{what} listening on {port}");
}
