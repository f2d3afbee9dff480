using System.ComponentModel.DataAnnotations;

namespace Warning.Silo.Configuration;

/// <summary>The <c>Api</c> config section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Where the HTTP API and dashboard listen. Default <c>http://127.0.0.1:8080</c>.</summary>
    [Required, Url]
    public string Url { get; set; } = "http://127.0.0.1:8080";
}
