using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Warning.Tests.Shared;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>
/// A local SMS / broadcast / webhook gateway that records every request it gets (the one stand-in the standards
/// allow: external gateways). It can be told to fail with a status or to hang, to exercise retries and timeouts.
/// </summary>
public sealed class RecordingGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingGateway(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public string SmsUrl => $"{Url}/sms";

    public string BroadcastUrl => $"{Url}/broadcast";

    public string HookUrl(string name) => $"{Url}/hook/{name}";

    public ConcurrentQueue<GatewayRequest> Requests { get; } = new();

    /// <summary>Answer this status instead of 200 (null: 200).</summary>
    public int? FailWith { get; set; }

    /// <summary>Hold each request this long before answering.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<RecordingGateway> Start()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new RecordingGateway(app, port);
        app.MapPost("/{**path}", gateway.Receive);
        await app.StartAsync();
        return gateway;
    }

    private async Task<IResult> Receive(HttpContext http, string path)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new GatewayRequest("/" + path, body, headers, FailWith ?? 200, DateTimeOffset.UtcNow));
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, http.RequestAborted);
        return FailWith is { } status ? Results.StatusCode(status) : Results.Ok();
    }

    public IEnumerable<GatewayRequest> To(string path) => Requests.Where(r => r.Path == path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One request the gateway got, and the status it answered.</summary>
public sealed record GatewayRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers, int Status, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
