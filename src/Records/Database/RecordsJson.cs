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

    /// <summary>
    /// <see cref="Options"/> that also leave out members at their type's default (false, 0): for the rows written most
    /// (a warning's), whose types read a missing member as that default — no member of theirs declares another.
    /// </summary>
    public static readonly JsonSerializerOptions WithoutDefaults = new(Options)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>As <see cref="Write{T}"/>, without members at their default (<see cref="WithoutDefaults"/>); read back with <see cref="Read{T}"/>.</summary>
    public static string WriteWithoutDefaults<T>(T value) => JsonSerializer.Serialize(value, WithoutDefaults);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
