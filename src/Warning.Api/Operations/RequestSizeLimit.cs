using Microsoft.AspNetCore.Http.Metadata;

namespace Warning.Api.Operations;

/// <summary>Endpoint metadata: this endpoint takes bodies up to <see cref="MaxRequestBodySize"/> bytes instead of <c>Api:MaxRequestBytes</c>.</summary>
public sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
