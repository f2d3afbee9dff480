using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warning.Rules.Windows;

/// <summary>
/// A <see cref="PackedWindow"/> as JSON: an array of <see cref="TimedValue"/>, the shape windows were saved in before
/// they were packed, so a rule state saved by either reads back the same.
/// </summary>
public sealed class PackedWindowJson : JsonConverter<PackedWindow>
{
    public override PackedWindow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var window = new PackedWindow();
        if (reader.TokenType == JsonTokenType.Null) return window;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("a window of samples is an array of {ts, value}");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var sample = JsonSerializer.Deserialize<TimedValue>(ref reader, options);
            window.Place(sample.Ts, sample.Value);
        }
        return window;
    }

    public override void Write(Utf8JsonWriter writer, PackedWindow value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            var ts = value.TsAt(i);
            if (value.WriteUpTo is { } upTo && ts > upTo) break;
            JsonSerializer.Serialize(writer, new TimedValue(ts, value.ValueAt(i)), options);
        }
        writer.WriteEndArray();
    }
}
