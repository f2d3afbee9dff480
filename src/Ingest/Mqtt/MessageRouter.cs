using System.Buffers;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Mqtt;

/// <summary>Sends a broker message to the pipeline: telemetry to ingest, <c>status</c> (online/offline, last will) to the grain.</summary>
public static class MessageRouter
{
    public static async Task RouteAsync(IngestPipeline pipeline, string topic, ReadOnlySequence<byte> payload)
    {
        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        var parsed = SensorTopic.Parse(topic);
        if (parsed?.Channel == "status")
        {
            await pipeline.ReportStatus(parsed.SensorId, System.Text.Encoding.UTF8.GetString(bytes.Span).Trim());
            return;
        }
        await pipeline.FromMqttAsync(topic, bytes);
    }
}
