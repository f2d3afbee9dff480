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

    /// <summary>
    /// Runs statements that change the server (<c>CREATE</c>, <c>ALTER</c>, <c>DROP</c>, <c>SELECT … INTO</c>): v1 takes
    /// them only by POST. The statement goes in the form body, so long ones are not cut by URL limits.
    /// </summary>
    public async Task<IReadOnlyList<InfluxSeries>> ExecuteAsync(string influxQl, CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Post, $"query?db={Uri.EscapeDataString(_options.Database)}&epoch=ms");
        request.Content = new FormUrlEncodedContent([new("q", influxQl)]);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InfluxException(response.StatusCode, body);
        return ParseQueryAnswer(body);
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
                // SHOW RETENTION POLICIES answers a series without a name.
                var name = s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                series.Add(new InfluxSeries(name, columns, rows));
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
