using Warning.Grains.Telemetry;

namespace Warning.Grains.Sensors;

/// <summary>One per sensor, keyed by sensorId: takes its readings, keeps its rule state, raises its warnings.</summary>
public interface ISensorGrain : IGrainWithStringKey
{
    Task Configure(SensorDefinition definition);

    Task<IngestOutcome> Ingest(Reading reading);

    Task<SensorSnapshot?> GetSnapshot();

    /// <summary>Rain in the window ending at <paramref name="at"/>, for a rain sensor; null for other kinds.</summary>
    Task<double?> RainSum(DateTimeOffset at, TimeSpan window);
}
