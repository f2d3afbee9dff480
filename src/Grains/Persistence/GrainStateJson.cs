using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warning.Grains.Persistence;

/// <summary>
/// The JSON of grain state, the same in the records database (one engine) and in Redis (a cluster): readable by an
/// operator, and the pure rule types persist as they are.
/// </summary>
public static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };
}
