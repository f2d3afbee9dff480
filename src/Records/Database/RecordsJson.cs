using System.Text.Json;

namespace Warning.Records.Database;

/// <summary>The JSON of bodies in the records database: the API's own shape (web defaults), so a body reads as the API shows it.</summary>
public static class RecordsJson
{
    /// <summary>Web defaults, with Chinese text kept as UTF-8 rather than <c>\uXXXX</c> escapes (half the bytes a character).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
