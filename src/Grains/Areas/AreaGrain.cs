namespace Warning.Grains.Areas;

/// <summary>
/// Keeps the cameras' latest smoke confirmations in memory only: they matter for minutes, and a restart loses at most
/// one confirmation that the next frames give again.
/// </summary>
public sealed class AreaGrain : Grain, IAreaGrain
{
    private readonly Dictionary<string, DateTimeOffset> _smoke = new(StringComparer.Ordinal);

    public Task ReportSmoke(string cameraId, DateTimeOffset at)
    {
        if (!_smoke.TryGetValue(cameraId, out var last) || at > last) _smoke[cameraId] = at;
        return Task.CompletedTask;
    }

    public Task<int> OtherCamerasConfirming(string cameraId, DateTimeOffset at, TimeSpan window) =>
        Task.FromResult(_smoke.Count(s => s.Key != cameraId && (at - s.Value).Duration() <= window));
}
