using System.Buffers;
using Warning.Ingest.Pipeline;
using Warning.Ingest.Reports;
using Warning.Ingest.Telemetry;

namespace Warning.Ingest.Mqtt;

/// <summary>
/// Sends a broker message on: telemetry to the pipeline, <c>status</c> (online/offline, last will) to the grain, a
/// community report (<c>reports/{area}</c>) to the report intake, <c>forecasts/rain/{sensorId}</c> to the gauge's rule.
/// </summary>
public static class MessageRouter
{
    public static async Task RouteAsync(IngestPipeline pipeline, ReportIntake reports, string topic, ReadOnlySequence<byte> payload)
    {
        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        if (topic.StartsWith(ReportIntake.Topic, StringComparison.Ordinal))
        {
            await reports.FromMqtt(topic, bytes);
            return;
        }
        if (topic.StartsWith(Forecasts.ForecastTopic.Prefix, StringComparison.Ordinal))
        {
            await pipeline.ForecastFromMqttAsync(topic, bytes);
            return;
        }
        var parsed = SensorTopic.Parse(topic);
        if (parsed?.Channel == "status")
        {
            await pipeline.ReportStatus(parsed.SensorId, System.Text.Encoding.UTF8.GetString(bytes.Span).Trim());
            return;
        }
        await pipeline.FromMqttAsync(topic, bytes);
    }
}
