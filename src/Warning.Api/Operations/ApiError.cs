namespace Warning.Api.Operations;

/// <summary>The contract's error body: <c>{"error": "...", "field": "..."}</c>, with every problem when there are several.</summary>
public sealed record ApiError(string Error, string Field, IReadOnlyList<string>? Errors = null);
