namespace Warning.Ingest.Mqtt;

/// <summary>Whether the broker side of ingest is up, for <c>/readyz</c>.</summary>
public interface IBrokerHealth
{
    bool IsReady { get; }

    string Describe { get; }
}
