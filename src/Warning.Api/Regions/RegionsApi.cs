using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Warning.Api.Operations;
using Warning.Grains.Regions;
using Warning.Ingest.Registry;
using Warning.Rules.FireDanger;
using Warning.Api.Security;

namespace Warning.Api.Regions;

/// <summary><c>/api/regions/{code}</c>: inputs about a region from other systems (daily forest-fire danger).</summary>
public static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/regions/{code}/fire-danger", PutFireDanger).RequireRole(ApiRoles.Operator);
        app.MapGet("/api/regions/{code}/fire-danger", GetFireDanger);
        return app;
    }

    public static async Task<Results<Ok<FireDangerEntry>, BadRequest<ApiError>>> PutFireDanger(string code, FireDangerInput input, IGrainFactory grains)
    {
        if (!RegistryCodes.Region().IsMatch(code)) return TypedResults.BadRequest(new ApiError($"expected a GB/T 2260 region code, got \"{code}\"", "code"));
        if (!TryDate(input.Date, out var date)) return TypedResults.BadRequest(new ApiError($"expected a date as YYYY-MM-DD, got \"{input.Date}\"", "date"));
        if (input.Level is null == input.Fwi is null) return TypedResults.BadRequest(new ApiError("give either level (1–5) or fwi (a Canadian FWI value), not both or neither", "level"));

        int level;
        if (input.Level is { } l)
        {
            if (l is < 1 or > 5 || l != Math.Floor(l)) return TypedResults.BadRequest(new ApiError($"expected a fire-danger level 1 to 5, got {l.ToString(CultureInfo.InvariantCulture)}", "level"));
            level = (int)l;
        }
        else
        {
            var fwi = input.Fwi!.Value;
            if (!double.IsFinite(fwi) || fwi < 0) return TypedResults.BadRequest(new ApiError($"expected an FWI value ≥ 0, got {fwi.ToString(CultureInfo.InvariantCulture)}", "fwi"));
            level = FireDangerLevel.FromFwi(fwi);
        }
        var entry = new FireDangerEntry(code, date, level, input.Fwi);
        await grains.GetGrain<IRegionGrain>(code).SetFireDanger(entry);
        return TypedResults.Ok(entry);
    }

    public static async Task<Results<Ok<FireDangerEntry>, NotFound<ApiError>, BadRequest<ApiError>>> GetFireDanger(string code, string? date, IGrainFactory grains, TimeProvider time)
    {
        var day = date ?? time.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (!TryDate(day, out day)) return TypedResults.BadRequest(new ApiError($"expected a date as YYYY-MM-DD, got \"{date}\"", "date"));
        return await grains.GetGrain<IRegionGrain>(code).GetFireDanger(day) is { } entry
            ? TypedResults.Ok(entry)
            : TypedResults.NotFound(new ApiError($"no fire danger for {code} on {day}", "date"));
    }

    private static bool TryDate(string? text, out string date)
    {
        var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
        date = ok ? parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        return ok;
    }
}
