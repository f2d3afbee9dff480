using Warning.Grains.Telemetry;

namespace Warning.Grains.Sensors;

/// <summary>One per sensor, keyed by sensorId: takes its readings, keeps its rule state, raises its warnings.</summary>
public interface ISensorGrain : IGrainWithStringKey
{
    Task Configure(SensorDefinition definition);

    Task<IngestOutcome> Ingest(Reading reading);

    /// <summary>
    /// Readings of this sensor taken one after the other exactly as <see cref="Ingest"/> takes each (dedup, rule,
    /// warning changes recorded), in one call; the outcome of each, in order. The state is written once at the end for
    /// all the warning changes of the batch, and the batch is acknowledged as a whole: a batch that fails is sent again.
    /// For replays (storage off); live ingest goes reading by reading.
    /// </summary>
    Task<IngestOutcome[]> IngestBatch(ReadingBatch batch);

    /// <summary>
    /// A rainfall forecast issue: stored (InfluxDB measurement <c>forecast</c>, tag <c>issued</c>) and given to the rule at
    /// its issue time, among the readings by event time. Accepted, or UnknownSensor.
    /// </summary>
    Task<IngestOutcome> Forecast(Forecasts.ForecastIssue forecast);

    Task<SensorSnapshot?> GetSnapshot();

    /// <summary>The sensor's status topic said <c>online</c> or <c>offline</c> (often its last will).</summary>
    Task ReportStatus(bool online);

    /// <summary>
    /// Called on every registered sensor once a <c>Liveness:WatchInterval</c> by each silo: keeps the grain (and its
    /// silence check) active, wherever it lives now. Whether the sensor is online; null if it was never heard from.
    /// </summary>
    Task<bool?> Watch();

    /// <summary>Rain in the window ending at <paramref name="at"/>, for a rain sensor; null for other kinds.</summary>
    Task<double?> RainSum(DateTimeOffset at, TimeSpan window);
}
