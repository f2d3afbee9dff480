using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Warning.Silo.Hosting;

namespace Warning.Bench;

/// <summary>
/// The webhook receiver Alertmanager notifies: notes the wall-clock moment the first firing notification for a sensor's
/// alert arrives, and when Prometheus says the alert started firing (<c>startsAt</c>, its rule evaluation time), which
/// splits the latency into Prometheus's part and Alertmanager's. The moment is taken when the request is accepted,
/// before its body is read, so the figure ends where Alertmanager's POST reaches the receiver.
/// </summary>
public sealed class AlertWebhook : IAsyncDisposable
{
    public sealed record Notification(DateTimeOffset Arrived, DateTimeOffset Fired);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Notification>> _firstFiring = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public int Port { get; } = FreePorts.Next();

    public string Url => $"http://127.0.0.1:{Port}/alerts";

    public AlertWebhook(string alertName)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Serve(alertName);
    }

    /// <summary>When the first firing notification of the alert for <paramref name="sensor"/> arrived (or arrives).</summary>
    public Task<Notification> FirstFiring(string sensor) => Slot(sensor).Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try { await _serving; } catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or OperationCanceledException) { }
        _stop.Dispose();
    }

    private TaskCompletionSource<Notification> Slot(string sensor) =>
        _firstFiring.GetOrAdd(sensor, _ => new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task Serve(string alertName)
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
            var arrived = DateTimeOffset.UtcNow;
            try
            {
                using var doc = await JsonDocument.ParseAsync(context.Request.InputStream, cancellationToken: _stop.Token);
                foreach (var alert in doc.RootElement.GetProperty("alerts").EnumerateArray())
                {
                    var labels = alert.GetProperty("labels");
                    if (alert.GetProperty("status").GetString() == "firing"
                        && labels.TryGetProperty("alertname", out var name) && name.GetString() == alertName
                        && labels.TryGetProperty("sensor", out var sensor))
                        Slot(sensor.GetString()!).TrySetResult(new Notification(arrived, alert.GetProperty("startsAt").GetDateTimeOffset()));
                }
                context.Response.StatusCode = 200;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                // Not an Alertmanager notification: refuse it and keep listening for the ones that are.
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }
}
