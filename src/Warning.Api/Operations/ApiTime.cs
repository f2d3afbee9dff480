using System.Globalization;

namespace Warning.Api.Operations;

/// <summary>Times in query strings and bodies: ISO 8601, UTC when no offset is given.</summary>
public static class ApiTime
{
    /// <summary>
    /// Parses <paramref name="text"/>; when it is absent, <paramref name="fallback"/> stands in — or, with none, the
    /// time is missing and false is returned.
    /// </summary>
    public static bool TryParse(string? text, DateTimeOffset? fallback, out DateTimeOffset value)
    {
        value = fallback ?? default;
        return text is null ? fallback is not null : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>The error body for a time that could not be read from <paramref name="text"/> in <paramref name="field"/>.</summary>
    public static ApiError Invalid(string? text, string field) => new($"expected an ISO 8601 time, got \"{text}\"", field);
}
