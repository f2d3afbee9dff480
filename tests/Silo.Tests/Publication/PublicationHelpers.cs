using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Warning.Silo.Tests.Infrastructure;

namespace Warning.Silo.Tests.Publication;

/// <summary>What the publication tests do through the API: rosters, approvals, public warnings, CAP, publications.</summary>
internal static partial class PublicationHelpers
{
    public const string Area = "620522100201";

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static string[] GatewaySettings(RecordingGateway gateway) =>
    [
        $"--Channels:Sms:Url={gateway.SmsUrl}",
        $"--Channels:Broadcast:Url={gateway.BroadcastUrl}",
        "--Channels:Sms:RatePerSecond=0",
    ];

    public static async Task PutRoster(IRunningEngine engine, int count, string area = Area, string prefix = "villager")
    {
        var roster = Enumerable.Range(1, count).Select(i => new
        {
            id = $"{prefix}-{i:D5}", name = $"村民{i}", phone = $"+86139{i:D8}", areas = new[] { area }, roles = new[] { "villager" }, channels = new[] { "sms" }, minLevel = "blue",
        });
        var response = await engine.Http.PutAsJsonAsync("/api/recipients", roster);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> Approve(IRunningEngine engine, string level, string by = "值班员 李明")
    {
        var pending = (await Eventually.Get(() => engine.Warnings($"?level={level}"), w => w.Any(x => x.GetProperty("status").GetString() == "pending-approval"), Wait, $"{level} pending"))
            .First(x => x.GetProperty("status").GetString() == "pending-approval");
        var response = await engine.Http.PostAsJsonAsync($"/api/warnings/{pending.GetProperty("id").GetString()}/approve", new { by, note = "会商后签发" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<List<JsonElement>> PublicWarnings(IRunningEngine engine, string query = "") =>
        (await engine.Http.GetFromJsonAsync<List<JsonElement>>($"/api/public-warnings{query}"))!;

    public static async Task<List<JsonElement>> Publications(IRunningEngine engine, string query = "") =>
        (await engine.Http.GetFromJsonAsync<List<JsonElement>>($"/api/publications{query}"))!;

    public static async Task<XDocument> Cap(IRunningEngine engine, string id, int? version = null) =>
        XDocument.Parse(await CapText(engine, id, version));

    /// <summary>The CAP message as served, to the byte (a signature covers its whitespace too).</summary>
    public static async Task<string> CapText(IRunningEngine engine, string id, int? version = null)
    {
        var response = await engine.Http.GetAsync($"/api/warnings/{Uri.EscapeDataString(id)}/cap{(version is null ? "" : $"?version={version}")}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.StartsWith("application/cap+xml", response.Content.Headers.ContentType!.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The 4-digit reply code an official's SMS asks to be answered with (回复NNNN); empty when it asks none.</summary>
    public static string ReplyCode(string smsText) => ReplyCodePattern().Match(smsText).Groups[1].Value;

    [System.Text.RegularExpressions.GeneratedRegex(@"回复(\d{4})")]
    private static partial System.Text.RegularExpressions.Regex ReplyCodePattern();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
