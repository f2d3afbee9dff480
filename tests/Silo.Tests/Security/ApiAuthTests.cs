using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Warning.Api.Security;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Security;

/// <summary>
/// The API with keys and roles and anonymous access off, as in production: who may call what (401 without or with
/// a wrong credential, 403 with too small a role), devices posting for themselves only, live-feed tickets, and the
/// audit of every privileged call, done or refused.
/// </summary>
public sealed class ApiAuthTests
{
    private static readonly Dictionary<string, string> Keys = ApiRoles.Assignable.ToDictionary(r => r, _ => ApiKeyHash.NewKey());

    private static string[] Settings() =>
    [
        "--Api:Auth:AnonymousRole=none",
        .. ApiRoles.Assignable.SelectMany((role, i) => new[]
        {
            $"--Api:Auth:Keys:{i}:Name={role} desk",
            $"--Api:Auth:Keys:{i}:Role={role}",
            $"--Api:Auth:Keys:{i}:Hash={ApiKeyHash.Of(Keys[role])}",
        }),
    ];

    [Fact]
    public async Task Each_role_may_do_its_part_only_and_every_privileged_call_is_audited()
    {
        await using var influx = await InfluxServer.StartNew();
        await using var engine = await Engine.Start(influx.Url, registry: SecuredRegistry.Text, settings: Settings());

        // Open to anyone: health, metrics, the page, what the public has been told.
        foreach (var open in new[] { "/healthz", "/readyz", "/metrics", "/", "/api/public-warnings", "/api/cap/feed" })
            Assert.Equal(HttpStatusCode.OK, (await Call(engine, null, HttpMethod.Get, open)).Status);

        // Without a key, or with a wrong one: 401 with the contract's error body.
        var none = await Call(engine, null, HttpMethod.Get, "/api/warnings");
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal("Authorization", none.Json.GetProperty("field").GetString());
        var wrong = await Call(engine, "wk_not-a-key", HttpMethod.Get, "/api/warnings");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("unknown API key", wrong.Json.GetProperty("error").GetString());

        var silence = new { sensorIds = new[] { "TEST-RAIN-02" }, from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddHours(1), reason = "检修", by = "运维 刘工" };
        var recipient = new { name = "村民 王芳", phone = "+8613800000001", areas = new[] { "620522100201" }, channels = new[] { "sms" } };
        var approve = new { by = "值班员 李明", note = "会商后签发" };
        var expected = new (string Role, HttpMethod Method, string Path, object? Body, HttpStatusCode Status)[]
        {
            ("viewer", HttpMethod.Get, "/api/warnings", null, HttpStatusCode.OK),
            ("viewer", HttpMethod.Get, "/api/sensors", null, HttpStatusCode.OK),
            ("viewer", HttpMethod.Post, "/api/warnings/W-none/approve", approve, HttpStatusCode.Forbidden),
            ("viewer", HttpMethod.Post, "/api/silences", silence, HttpStatusCode.Forbidden),
            ("viewer", HttpMethod.Get, "/api/recipients", null, HttpStatusCode.Forbidden),
            ("viewer", HttpMethod.Post, "/api/sensors/TEST-RAIN-01/telemetry", Reading(0), HttpStatusCode.Forbidden),
            ("operator", HttpMethod.Post, "/api/warnings/W-none/approve", approve, HttpStatusCode.NotFound), // allowed; no such warning
            ("operator", HttpMethod.Post, "/api/silences", silence, HttpStatusCode.Created),
            ("operator", HttpMethod.Get, "/api/recipients", null, HttpStatusCode.OK),
            ("operator", HttpMethod.Put, "/api/recipients/wang", recipient, HttpStatusCode.Forbidden),
            ("operator", HttpMethod.Get, "/api/audit", null, HttpStatusCode.Forbidden),
            ("operator", HttpMethod.Post, "/api/rollups", new { from = "2021-07-20T00:00:00Z", to = "2021-07-21T00:00:00Z" }, HttpStatusCode.Forbidden),
            ("operator", HttpMethod.Post, "/api/publications/receipts", new { messageId = "m-1", state = "delivered" }, HttpStatusCode.Forbidden),
            ("admin", HttpMethod.Put, "/api/recipients/wang", recipient, HttpStatusCode.OK),
            ("admin", HttpMethod.Get, "/api/subscriptions", null, HttpStatusCode.OK),
            ("gateway", HttpMethod.Post, "/api/publications/receipts", new { messageId = "m-forged", state = "delivered" }, HttpStatusCode.NotFound),
            ("gateway", HttpMethod.Get, "/api/warnings", null, HttpStatusCode.Forbidden),
            ("ingest", HttpMethod.Post, "/api/sensors/TEST-RAIN-02/telemetry", Reading(1), HttpStatusCode.OK),
            ("ingest", HttpMethod.Put, "/api/sensors/TEST-RAIN-02", new { kind = "rain", region = "620522", ruleset = "cma-rainstorm" }, HttpStatusCode.Forbidden),
            // Call-and-response: replies come from the gateway, desk confirmations from operators; reach is for viewers.
            ("viewer", HttpMethod.Post, "/api/sms/inbound", new { from = "+8613700000000", text = "收到1234" }, HttpStatusCode.Forbidden),
            ("operator", HttpMethod.Post, "/api/sms/inbound", new { from = "+8613700000000", text = "收到1234" }, HttpStatusCode.Forbidden),
            ("gateway", HttpMethod.Post, "/api/sms/inbound", new { from = "+8613700000000", text = "收到1234" }, HttpStatusCode.NotFound), // allowed; never asked
            ("viewer", HttpMethod.Post, "/api/warnings/W-none/confirmations", new { recipientId = "r", by = "值班员 李明" }, HttpStatusCode.Forbidden),
            ("operator", HttpMethod.Post, "/api/warnings/W-none/confirmations", new { recipientId = "r", by = "值班员 李明" }, HttpStatusCode.NotFound),
            ("viewer", HttpMethod.Get, "/api/warnings/W-none/reach", null, HttpStatusCode.NotFound),
            ("viewer", HttpMethod.Get, "/api/areas/620522/coverage", null, HttpStatusCode.OK),
            ("gateway", HttpMethod.Get, "/api/areas/620522/coverage", null, HttpStatusCode.Forbidden),
        };
        foreach (var (role, method, path, body, status) in expected)
        {
            var answer = await Call(engine, Keys[role], method, path, body);
            Assert.True(status == answer.Status, $"{role} {method} {path}: expected {(int)status}, got {(int)answer.Status} {answer.Text}");
            if (status == HttpStatusCode.Forbidden) Assert.Contains($"\"{role} desk\" has the role {role}", answer.Json.GetProperty("error").GetString());
        }
        var me = await Call(engine, Keys["operator"], HttpMethod.Get, "/api/me");
        Assert.Equal("operator desk", me.Json.GetProperty("name").GetString());

        // A device with its registry secret posts for itself only; a wrong secret is refused.
        Assert.Equal(HttpStatusCode.OK, (await Call(engine, null, HttpMethod.Post, "/api/sensors/TEST-RAIN-01/telemetry", Reading(2), Basic("TEST-RAIN-01", SecuredRegistry.Secret))).Status);
        var other = await Call(engine, null, HttpMethod.Post, "/api/sensors/TEST-RAIN-02/telemetry", Reading(3), Basic("TEST-RAIN-01", SecuredRegistry.Secret));
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Contains("only for itself", other.Json.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(engine, null, HttpMethod.Post, "/api/sensors/TEST-RAIN-01/telemetry", Reading(4), Basic("TEST-RAIN-01", "guess"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Call(engine, null, HttpMethod.Get, "/api/warnings", auth: Basic("TEST-RAIN-01", SecuredRegistry.Secret))).Status);
        // The exporter caches a scrape for a moment, and /metrics was read above.
        await Eventually.Until(async () => (await engine.Metrics()).Contains("reason=\"forbidden-topic\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the refusal counted as forbidden-topic");

        // The live feed: a ticket from a viewer opens it; no ticket or a forged one does not.
        var ticket = (await Call(engine, Keys["viewer"], HttpMethod.Post, "/api/live/ticket")).Json.GetProperty("ticket").GetString()!;
        using (var live = await engine.Http.GetAsync($"/api/live?ticket={Uri.EscapeDataString(ticket)}", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("text/event-stream", live.Content.Headers.ContentType?.MediaType);
        }
        var forged = ticket[..^4] + (ticket.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(engine, null, HttpMethod.Get, $"/api/live?ticket={Uri.EscapeDataString(forged)}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(engine, null, HttpMethod.Get, "/api/live")).Status);

        // The audit names who did what, including what was refused; reads of the roster are in it too.
        var audit = (await Call(engine, Keys["admin"], HttpMethod.Get, "/api/audit")).Json.EnumerateArray().ToList();
        bool Has(string actor, string method, string path, int status) => audit.Any(e =>
            e.GetProperty("actor").GetString() == actor && e.GetProperty("method").GetString() == method
            && e.GetProperty("path").GetString() == path && e.GetProperty("status").GetInt32() == status);
        Assert.True(Has("operator desk", "POST", "/api/silences", 201), "operator's silence audited");
        Assert.True(Has("viewer desk", "POST", "/api/warnings/W-none/approve", 403), "viewer's refused approval audited");
        Assert.True(Has("unauthenticated", "GET", "/api/warnings", 401), "call without a key audited");
        Assert.True(Has("admin desk", "PUT", "/api/recipients/wang", 200), "admin's roster change audited");
        Assert.True(Has("operator desk", "GET", "/api/recipients", 200), "roster read audited");
        Assert.True(Has("gateway desk", "POST", "/api/publications/receipts", 404), "gateway's receipt audited");
        Assert.True(Has("gateway desk", "POST", "/api/sms/inbound", 404), "an inbound SMS audited");
        Assert.True(Has("operator desk", "POST", "/api/warnings/W-none/confirmations", 404), "a desk confirmation audited");
        // The link in an SMS needs no key: its signed token is the credential (a forged one confirms nothing).
        Assert.Equal(HttpStatusCode.NotFound, (await Call(engine, null, HttpMethod.Get, "/c/AAAAAAAAAAAAAAAAAAAAAAA")).Status);
        Assert.DoesNotContain(audit, e => e.GetProperty("path").GetString()!.EndsWith("/telemetry", StringComparison.Ordinal) && e.GetProperty("status").GetInt32() == 200);
        Assert.All(audit, e => Assert.DoesNotContain("wk_", e.GetRawText(), StringComparison.Ordinal));   // never a key
        // In the records database, shared by a cluster; no file of its own any more.
        Assert.True(TestRecords.UsePostgres || File.Exists(Path.Combine(engine.DataDir, "records.db")));
        Assert.False(File.Exists(Path.Combine(engine.DataDir, "audit", "audit.jsonl")));
    }

    [Fact]
    public async Task A_key_with_an_unknown_role_stops_the_engine_with_a_message_naming_the_key()
    {
        await using var influx = await InfluxServer.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Engine.Start(influx.Url, settings:
            ["--Api:Auth:Keys:0:Name=desk", "--Api:Auth:Keys:0:Role=superuser", $"--Api:Auth:Keys:0:Hash={ApiKeyHash.Of("k")}", "--Api:Auth:Keys:1:Name=desk", "--Api:Auth:Keys:1:Role=viewer", "--Api:Auth:Keys:1:Hash=plain-key"]));
        Assert.Contains("Api:Auth:Keys:0:Role", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Api:Auth:Keys:1:Hash", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Api:Auth:Keys:1:Name", failure.Message, StringComparison.Ordinal);
    }

    private static object Reading(int seq) => new { ts = DateTimeOffset.Parse("2021-07-20T00:00:00+08:00").AddMinutes(5 * seq), seq, values = new { rain_mm = 0.5 } };

    private static AuthenticationHeaderValue Basic(string id, string secret) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    private static async Task<(HttpStatusCode Status, string Text, JsonElement Json)> Call(
        Engine engine, string? key, HttpMethod method, string path, object? body = null, AuthenticationHeaderValue? auth = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = auth ?? (key is null ? null : new AuthenticationHeaderValue("Bearer", key));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await engine.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.StartsWith('{') || text.StartsWith('[') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, text, json);
    }
}
