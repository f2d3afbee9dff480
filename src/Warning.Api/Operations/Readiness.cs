namespace Warning.Api.Operations;

/// <summary>The body of <c>/readyz</c>: each dependency and whether it answered (<see cref="Records"/>: the records database).</summary>
public sealed record Readiness(bool Ready, bool Cluster, bool Broker, string BrokerDescription, bool Storage, bool Records);
