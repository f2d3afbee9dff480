using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warning.Rules.Windows;

/// <summary>
/// A <see cref="PackedWindow"/> as JSON. A packed window is written packed too — its first time and each sample's
/// milliseconds after it, then the values: <c>{"from": "…", "ms": [0, 300000, …], "values": [1.5, 0, …]}</c>, about 11
/// bytes a sample where <c>{"ts": "…", "value": …}</c> takes 45 (a gauge's day of samples is most of its saved state,
/// written with every warning change and every state flush). A window holding exact times is written as that list of
/// <see cref="TimedValue"/>; both shapes read back the same.
/// </summary>
public sealed class PackedWindowJson : JsonConverter<PackedWindow>
{
    public override PackedWindow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var window = new PackedWindow();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return window;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var sample = JsonSerializer.Deserialize<TimedValue>(ref reader, options);
                    window.Place(sample.Ts, sample.Value);
                }
                return window;
            case JsonTokenType.StartObject:
                var packed = JsonSerializer.Deserialize<Packed>(ref reader, options) ?? throw new JsonException("a packed window is {from, ms, values}");
                if (packed.Ms.Length != packed.Values.Length) throw new JsonException($"a packed window has {packed.Ms.Length} times and {packed.Values.Length} values");
                for (var i = 0; i < packed.Ms.Length; i++) window.Place(packed.From.AddMilliseconds(packed.Ms[i]), packed.Values[i]);
                return window;
            default:
                throw new JsonException("a window of samples is an array of {ts, value} or {from, ms, values}");
        }
    }

    public override void Write(Utf8JsonWriter writer, PackedWindow value, JsonSerializerOptions options)
    {
        var count = 0;
        while (count < value.Count && !(value.WriteUpTo is { } upTo && value.TsAt(count) > upTo)) count++;
        if (value.Packed && count > 0)
        {
            var from = value.TsAt(0);
            writer.WriteStartObject();
            writer.WriteString("from", from);
            writer.WriteStartArray("ms");
            for (var i = 0; i < count; i++) writer.WriteNumberValue((value.TsAt(i).UtcTicks - from.UtcTicks) / TimeSpan.TicksPerMillisecond);
            writer.WriteEndArray();
            writer.WriteStartArray("values");
            for (var i = 0; i < count; i++) writer.WriteNumberValue(value.ValueAt(i));
            writer.WriteEndArray();
            writer.WriteEndObject();
            return;
        }
        writer.WriteStartArray();
        for (var i = 0; i < count; i++) JsonSerializer.Serialize(writer, new TimedValue(value.TsAt(i), value.ValueAt(i)), options);
        writer.WriteEndArray();
    }

    private sealed record Packed(DateTimeOffset From, long[] Ms, double[] Values);
}
