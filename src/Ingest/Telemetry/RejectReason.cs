namespace Warning.Ingest.Telemetry;

/// <summary>Why input was refused; each is a label value of <c>warning_ingest_rejected_total{reason=…}</c>.</summary>
public static class RejectReason
{
    public const string Oversize = "oversize";
    public const string MalformedJson = "malformed-json";
    public const string MissingField = "missing-field";
    public const string WrongType = "wrong-type";
    public const string NotFinite = "not-finite";
    public const string BadTimestamp = "bad-timestamp";
    public const string FutureTimestamp = "future-timestamp";
    public const string BadTopic = "bad-topic";
    public const string BadSensorId = "bad-sensor-id";
    public const string UnknownSensor = "unknown-sensor";
    public const string KindMismatch = "kind-mismatch";
    public const string Unauthenticated = "unauthenticated";
    public const string ForbiddenTopic = "forbidden-topic";
    public const string RateLimited = "rate-limited";

    /// <summary>A community report (MQTT <c>reports/{area}</c>) that is not one: the field and what was wrong are in the dead letter.</summary>
    public const string BadReport = "bad-report";
}
