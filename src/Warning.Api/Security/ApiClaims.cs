namespace Warning.Api.Security;

/// <summary>Claim types the API's principals carry besides name and roles.</summary>
public static class ApiClaims
{
    /// <summary>How the caller proved who it is: <c>key</c>, <c>ticket</c>, <c>device</c> or <c>anonymous</c>.</summary>
    public const string Credential = "warning:credential";

    /// <summary>The one role the key was given (the role claims also hold every role it includes).</summary>
    public const string KeyRole = "warning:role";

    /// <summary>The sensor a device logged in as; it may post telemetry for this sensor only.</summary>
    public const string Sensor = "warning:sensor";

    /// <summary>The unit of the key (config/authorities.yaml), when it has one: what its approvals are made for.</summary>
    public const string Unit = "warning:unit";

    /// <summary>The region code prefix the key's approvals are limited to, when it has one.</summary>
    public const string Region = "warning:region";
}
