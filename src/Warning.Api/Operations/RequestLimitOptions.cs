using System.ComponentModel.DataAnnotations;

namespace Warning.Api.Operations;

/// <summary>The largest request body the API takes (<c>Api:MaxRequestBytes</c>); telemetry has its own, larger limit.</summary>
public sealed class RequestLimitOptions
{
    public const string Section = "Api";

    /// <summary>Default 4 MiB: a roster of about 20,000 recipients in one <c>PUT /api/recipients</c>.</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBytes { get; set; } = 4 << 20;
}
