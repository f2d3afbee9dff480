using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Warning.Storage.Influx;

/// <summary>
/// InfluxDB over plain HTTP: line-protocol writes (v1 <c>/write</c>, v2 <c>/api/v2/write</c>), InfluxQL reads
/// through <c>/query</c> (v1, and v2's v1-compatible endpoint), <c>/ping</c> for readiness.
/// </summary>
public sealed class InfluxClient(HttpClient http, IOptions<InfluxOptions> options)
{
    private readonly InfluxOptions _options = options.Value;

    public async Task WriteAsync(string lines, CancellationToken ct)
    {
        var db = Uri.EscapeDataString(_options.Database);
        var path = _options.IsV2
            ? $"api/v2/write?bucket={db}&org={Uri.EscapeDataString(_options.Org ?? "")}&precision=ms"
            : $"write?db={db}&precision=ms";
        using var request = NewRequest(HttpMethod.Post, path);
        request.Content = new StringContent(lines, Encoding.UTF8, "text/plain");
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InfluxException(response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        }
    }

    public async Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken ct)
    {
        var path = $"query?db={Uri.EscapeDataString(_options.Database)}&epoch=ms&q={Uri.EscapeDataString(influxQl)}";
        using var request = NewRequest(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InfluxException(response.StatusCode, body);
        return ParseQueryAnswer(body);
    }

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            using var request = NewRequest(HttpMethod.Get, "ping");
            using var response = await http.SendAsync(request, ct);
            return response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Creates the v1 database when it is missing (idempotent on the server).</summary>
    public async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        if (_options.IsV2 || !_options.CreateDatabase) return;
        var q = $"CREATE DATABASE \"{_options.Database}\"";
        using var request = NewRequest(HttpMethod.Post, $"query?q={Uri.EscapeDataString(q)}");
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InfluxException(response.StatusCode, body);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(_options.Url.TrimEnd('/') + "/"), relative));
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", _options.Token);
        }
        return request;
    }

    // InfluxDB 1.x answers a bad query with 200 and an "error" field, so both levels are checked.
    public static IReadOnlyList<InfluxSeries> ParseQueryAnswer(string body)
    {
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.TryGetProperty("error", out var topError))
        {
            throw new InfluxException(HttpStatusCode.BadRequest, topError.GetString() ?? "query failed");
        }
        var series = new List<InfluxSeries>();
        foreach (var result in doc.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InfluxException(HttpStatusCode.BadRequest, error.GetString() ?? "query failed");
            }
            if (!result.TryGetProperty("series", out var list)) continue;
            foreach (var s in list.EnumerateArray())
            {
                var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
                var rows = s.TryGetProperty("values", out var values)
                    ? values.EnumerateArray().Select(ReadRow).ToList()
                    : [];
                series.Add(new InfluxSeries(s.GetProperty("name").GetString()!, columns, rows));
            }
        }
        return series;
    }

    private static IReadOnlyList<object?> ReadRow(JsonElement row) =>
        row.EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.Number => (object?)v.GetDouble(),
            JsonValueKind.String => v.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        }).ToList();
}
