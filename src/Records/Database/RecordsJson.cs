using System.Text.Json;

namespace Warning.Records.Database;

/// <summary>
/// The JSON of bodies in the records database: the API's own shape (web defaults), so a body reads back as the API
/// shows it. Every body is read back through these options before it is shown, never passed on as stored.
/// </summary>
public static class RecordsJson
{
    /// <summary>
    /// Web defaults, with Chinese text kept as UTF-8 rather than <c>\uXXXX</c> escapes (half the bytes a character) and
    /// null members left out (they read back as null: every nullable member of a stored record defaults to null).
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
