using System.Text.Json;
using Orleans.Storage;

namespace Warning.Grains.Persistence;

/// <summary>
/// Grain state as the same JSON the records database keeps, for storage providers that take a serializer (Redis): the
/// state classes stay plain, readable by an operator, and move between the two stores unchanged.
/// </summary>
public sealed class StateJsonSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, GrainStateJson.Options));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, GrainStateJson.Options)!;
}
