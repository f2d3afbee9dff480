using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warning.Silo.Areas;

/// <summary>
/// <c>./warning areas import FILE.geojson [--url U] [--key K]</c>: every feature of a GeoJSON FeatureCollection put as
/// an area through <c>PUT /api/areas/{code}</c> of a running engine — <c>properties.code</c> (6, 9 or 12 digits),
/// <c>properties.name</c>, optionally <c>properties.parent</c>, its geometry the boundary. A feature the engine refuses
/// is reported with its index and the engine's reason; the others are put all the same.
/// </summary>
public static class AreasImportCommand
{
    public static async Task<int> Run(string[] args)
    {
        var file = new Argument<FileInfo>("file") { Description = "a GeoJSON FeatureCollection: properties code, name, parent (optional); geometry Polygon or MultiPolygon" };
        var url = new Option<string>("--url") { Description = "the engine's API", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("WARNING_API_URL") ?? "http://127.0.0.1:8080" };
        var key = new Option<string?>("--key") { Description = "an admin API key (default: WARNING_API_KEY; none where the engine lets anonymous callers put areas)" };
        var import = new Command("import", "Put every feature of a GeoJSON file as an area (name and boundary).") { file, url, key };
        import.SetAction(async (result, ct) => await Import(result.GetValue(file)!, result.GetValue(url)!, result.GetValue(key) ?? Environment.GetEnvironmentVariable("WARNING_API_KEY"), Console.Out, ct));
        var command = new RootCommand("Areas with names and boundaries.") { import };
        return await command.Parse(args).InvokeAsync();
    }

    public static async Task<int> Import(FileInfo file, string url, string? key, TextWriter output, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await output.WriteLineAsync($"areas: {file.FullName} does not exist");
            return 2;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, ct));
        }
        catch (JsonException e)
        {
            await output.WriteLineAsync($"areas: {file.FullName} is not JSON: {e.Message}");
            return 2;
        }
        if (root?["type"]?.GetValue<string>() != "FeatureCollection" || root["features"] is not JsonArray features)
        {
            await output.WriteLineAsync($"areas: {file.FullName} is not a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\", \"features\": [...])");
            return 2;
        }
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(key)) http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var (put, refused) = (0, 0);
        for (var i = 0; i < features.Count; i++)
        {
            var properties = features[i]?["properties"];
            var code = properties?["code"]?.ToString();
            if (string.IsNullOrWhiteSpace(code))
            {
                await output.WriteLineAsync($"areas: feature {i}: no properties.code");
                refused++;
                continue;
            }
            var body = new JsonObject
            {
                ["name"] = properties?["name"]?.DeepClone(),
                ["parent"] = properties?["parent"]?.ToString(),
                ["polygon"] = features[i]?["geometry"]?.DeepClone(),
            };
            using var response = await http.PutAsJsonAsync($"/api/areas/{Uri.EscapeDataString(code)}", body, ct);
            if (response.IsSuccessStatusCode)
            {
                put++;
                continue;
            }
            refused++;
            var reason = await response.Content.ReadAsStringAsync(ct);
            try
            {
                using var error = JsonDocument.Parse(reason);
                reason = error.RootElement.GetProperty("error").GetString() ?? reason;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // Not the API's error body: shown as it came.
            }
            await output.WriteLineAsync($"areas: feature {i} ({code}): {(int)response.StatusCode} {reason}");
        }
        await output.WriteLineAsync($"areas: {put} of {features.Count} put{(refused > 0 ? $", {refused} refused" : "")} ({url})");
        return refused > 0 ? 1 : 0;
    }
}
