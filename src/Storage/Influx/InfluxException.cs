using System.Net;

namespace Warning.Storage.Influx;

/// <summary>The server answered a write or query with an error; <see cref="IsMalformed"/> means retrying cannot help.</summary>
public sealed class InfluxException(HttpStatusCode status, string detail)
    : Exception($"InfluxDB answered {(int)status} {status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    public bool IsMalformed => Status == HttpStatusCode.BadRequest;
}
