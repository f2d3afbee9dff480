using System.Net;
using System.Text;
using System.Text.Json;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Security;

/// <summary>
/// Bad requests get the contract's error body naming what was wrong, never a stack trace or an exception type, even
/// with the Development environment (where ASP.NET Core would show its exception page); bodies over the limit get 413.
/// </summary>
public sealed class ErrorBodyTests
{
    [Fact]
    public async Task Bad_and_oversized_requests_get_a_plain_error_body_without_a_stack_trace()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, settings: ["--environment=Development", "--Api:MaxRequestBytes=65536"]);

        var bad = new (HttpMethod Method, string Path, string Body)[]
        {
            (HttpMethod.Post, "/api/silences", "{"),
            (HttpMethod.Post, "/api/silences", """{"from": "yesterday", "to": 5}"""),
            (HttpMethod.Put, "/api/sensors/TEST-RAIN-09", "[1, 2"),
            (HttpMethod.Post, "/api/warnings/W-1/approve", "{\"by\": {\"deep\": [[[]]]}}"),
            (HttpMethod.Put, "/api/recipients", "not json at all"),
            (HttpMethod.Post, "/api/subscriptions", """{"url": 5, "areas": "x"}"""),
            (HttpMethod.Put, "/api/regions/620522/fire-danger", "\"\\ud800\""),
            (HttpMethod.Post, "/api/publications/receipts", "{\"messageId\": null}"),
            (HttpMethod.Put, "/api/recipients", "[" + string.Join(",", Enumerable.Repeat("{\"name\":\"x\"}", 20_000)) + "]"),
            (HttpMethod.Post, "/api/sensors/TEST-RAIN-01/telemetry", new string('[', 100_000)),
        };
        foreach (var (method, path, body) in bad)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await engine.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var what = $"{method} {path} {body[..Math.Min(40, body.Length)]} → {(int)response.StatusCode} {text}";
            Assert.True((int)response.StatusCode is >= 400 and < 500, what);
            var error = JsonDocument.Parse(text).RootElement;
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error").GetString()), what);
            foreach (var leak in new[] { "   at ", "Exception", ".cs:line", "System.", "Microsoft." })
                Assert.False(text.Contains(leak, StringComparison.Ordinal), $"{what}: contains \"{leak}\"");
        }

        using var big = await engine.Http.PutAsync("/api/recipients", new StringContent(new string(' ', 70_000), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("at most 65536", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await engine.Http.GetAsync("/readyz")).StatusCode);   // and the engine goes on
    }
}
