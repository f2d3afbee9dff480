using System.Net;

namespace Warning.Storage.Influx;

/// <summary>The server answered a write or query with an error; <see cref="IsMalformed"/> means retrying cannot help.</summary>
public sealed class InfluxException(HttpStatusCode status, string detail)
    : Exception($"InfluxDB answered {(int)status} {status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    public bool IsMalformed => Status == HttpStatusCode.BadRequest;

    /// <summary>
    /// A v1 write that stored every point but those older than the retention policy keeps, which it dropped
    /// (<c>partial write: points beyond retention policy dropped=N</c>, a 400): nothing to retry or set aside.
    /// </summary>
    public bool IsBeyondRetention => IsMalformed && Message.Contains("points beyond retention policy dropped=", StringComparison.Ordinal);

    /// <summary>How many points a <see cref="IsBeyondRetention"/> write dropped.</summary>
    public long Dropped
    {
        get
        {
            const string marker = "dropped=";
            var at = Message.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return 0;
            var digits = new string(Message.AsSpan(at + marker.Length).ToArray().TakeWhile(char.IsAsciiDigit).ToArray());
            return long.TryParse(digits, out var n) ? n : 0;
        }
    }
}
