using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warning.Api.Operations;
using Warning.Ingest.Registry;
using Warning.Ingest.Security;

namespace Warning.Api.Security;

/// <summary>
/// Who is calling: an API key (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key</c>), a device with its registry
/// secret (<c>Authorization: Basic</c> id:secret), a live-feed ticket (<c>?ticket=</c> on <c>/api/live</c> only),
/// or nobody, who gets <c>Api:Auth:AnonymousRole</c>. A credential that is presented and wrong is refused even where
/// anonymous calls are allowed. Refusals answer with the contract's error body.
/// </summary>
public sealed class ApiAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> scheme,
    ILoggerFactory logs,
    UrlEncoder encoder,
    IOptions<ApiAuthOptions> auth,
    LiveTickets tickets,
    ApiKeyRing keys,
    SensorRegistry registry) : AuthenticationHandler<AuthenticationSchemeOptions>(scheme, logs, encoder)
{
    public const string SchemeName = "warning";

    // A device's secret is checked with PBKDF2 once; afterwards by the SHA-256 of what it sent, while the registry's hash stays the same.
    private static readonly ConcurrentDictionary<(string Sensor, string SecretHash), string> VerifiedDevices = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length > 0) return Task.FromResult(FromAuthorization(header));
        if (Request.Headers["X-Api-Key"].ToString() is { Length: > 0 } key) return Task.FromResult(FromKey(key));
        if (Request.Path.StartsWithSegments("/api/live") && Request.Query["ticket"].ToString() is { Length: > 0 } ticket)
            return Task.FromResult(tickets.Verify(ticket) is { } holder
                ? Success(holder.Name, holder.Role, "ticket")
                : Fail("the live-feed ticket is expired or not valid; get a new one from POST /api/live/ticket"));
        var anonymous = auth.Value.AnonymousRole;
        return Task.FromResult(anonymous == "none" ? AuthenticateResult.NoResult() : Success("anonymous", anonymous, "anonymous"));
    }

    private AuthenticateResult FromAuthorization(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
            return Fail("the Authorization header is not \"Bearer KEY\" or \"Basic id:secret\"");
        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return FromKey(value.Parameter);
        if (value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return FromDevice(value.Parameter);
        return Fail($"the Authorization scheme \"{value.Scheme}\" is not taken; use Bearer (API key) or Basic (device)");
    }

    private AuthenticateResult FromKey(string key)
    {
        if (keys.Find(key) is not { } entry) return Fail("unknown API key");
        var principal = Principal(entry.Name, entry.Role, "key");
        var identity = (ClaimsIdentity)principal.Identity!;
        if (entry.Unit is { } unit) identity.AddClaim(new Claim(ApiClaims.Unit, unit));
        if (entry.Region is { } region) identity.AddClaim(new Claim(ApiClaims.Region, region));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private AuthenticateResult FromDevice(string parameter)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            return Fail("Basic credentials are not base64 of id:secret");
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return Fail("Basic credentials are not id:secret");
        var (id, secret) = (decoded[..colon], decoded[(colon + 1)..]);
        if (!registry.TryGet(id, out var sensor) || sensor.Credential is null)
            return Fail($"sensor \"{id}\" is not in the registry or has no credential");
        var cacheKey = (id, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
        if (!(VerifiedDevices.TryGetValue(cacheKey, out var verified) && verified == sensor.Credential))
        {
            if (!DeviceCredential.Verify(secret, sensor.Credential)) return Fail($"wrong secret for sensor \"{id}\"");
            VerifiedDevices[cacheKey] = sensor.Credential;
        }
        var principal = Principal(id, ApiRoles.Device, "device");
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ApiClaims.Sensor, id));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private AuthenticateResult Fail(string why)
    {
        Logger.LogWarning("API credential refused from {Client} for {Method} {Path}: {Why}", Context.Connection.RemoteIpAddress, Request.Method, Request.Path, why);
        return AuthenticateResult.Fail(why);
    }

    private static AuthenticateResult Success(string name, string role, string credential) =>
        AuthenticateResult.Success(new AuthenticationTicket(Principal(name, role, credential), SchemeName));

    private static ClaimsPrincipal Principal(string name, string role, string credential)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ApiClaims.KeyRole, role), new(ApiClaims.Credential, credential) };
        claims.AddRange(ApiRoles.Granted(role).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"warning\"";
        await Response.WriteAsJsonAsync(new ApiError(failure ?? "this needs an API key: Authorization: Bearer KEY", "Authorization"));
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) ?? ApiRoles.Viewer;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new ApiError(
            $"\"{Context.User.Identity?.Name}\" has the role {Context.User.FindFirstValue(ApiClaims.KeyRole)}; this needs {needed}", "Authorization"));
    }
}
