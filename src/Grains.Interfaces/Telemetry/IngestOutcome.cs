namespace Warning.Grains.Telemetry;

/// <summary>What a sensor grain did with a reading.</summary>
[GenerateSerializer]
public enum IngestOutcome
{
    /// <summary>Stored and evaluated.</summary>
    Accepted = 0,

    /// <summary>Same <c>seq</c> or same <c>ts</c> as a reading already taken: counted once.</summary>
    Duplicate = 1,

    /// <summary>The grain has no registry entry (registry and ingest disagree for a moment).</summary>
    UnknownSensor = 2,
}
