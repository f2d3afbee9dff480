using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warning.Grains.Sensors;

/// <summary>
/// Event times kept as UTC ticks, written as numbers; a state saved when they were <see cref="DateTimeOffset"/> strings
/// reads back the same.
/// </summary>
public sealed class UtcTicksJson : JsonConverter<List<long>>
{
    public override List<long> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("event times are an array");
        var ticks = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            ticks.Add(reader.TokenType == JsonTokenType.String ? reader.GetDateTimeOffset().UtcTicks : reader.GetInt64());
        }
        return ticks;
    }

    public override void Write(Utf8JsonWriter writer, List<long> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var ticks in value) writer.WriteNumberValue(ticks);
        writer.WriteEndArray();
    }
}
