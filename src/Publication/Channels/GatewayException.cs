namespace Warning.Publication.Channels;

/// <summary>A gateway answered other than 2xx; <see cref="Transient"/> for 408, 429 and 5xx, worth another try.</summary>
public sealed class GatewayException(int status, string detail) : Exception($"gateway answered {status}: {detail}")
{
    public int Status { get; } = status;

    public bool Transient => Status is 408 or 429 or >= 500;
}
