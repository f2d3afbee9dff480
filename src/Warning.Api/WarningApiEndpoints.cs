using Microsoft.AspNetCore.Routing;
using Warning.Api.Areas;
using Warning.Api.Audit;
using Warning.Api.Authorities;
using Warning.Api.Dashboard;
using Warning.Api.Forecasts;
using Warning.Api.Live;
using Warning.Api.Operations;
using Warning.Api.Publication;
using Warning.Api.Confirmations;
using Warning.Api.Reach;
using Warning.Api.Recipients;
using Warning.Api.Regions;
using Warning.Api.Reports;
using Warning.Api.Rollups;
using Warning.Api.Security;
using Warning.Api.Sensors;
using Warning.Api.Silences;
using Warning.Api.Subscriptions;
using Warning.Api.Telemetry;
using Warning.Api.Warnings;

namespace Warning.Api;

/// <summary>Every endpoint of the contract, in one place.</summary>
public static class WarningApiEndpoints
{
    public static IEndpointRouteBuilder MapWarningApi(this IEndpointRouteBuilder app) => app
        .MapDashboard()
        .MapHealthApi()
        .MapIdentityApi()
        .MapSensorsApi()
        .MapTelemetryApi()
        .MapForecastsApi()
        .MapRollupsApi()
        .MapWarningsApi()
        .MapAuthoritiesApi()
        .MapRegionsApi()
        .MapAreasApi()
        .MapLiveApi()
        .MapRecipientsApi()
        .MapPublicWarningsApi()
        .MapCapApi()
        .MapPublicationsApi()
        .MapConfirmationsApi()
        .MapReportsApi()
        .MapReachApi()
        .MapSilencesApi()
        .MapSubscriptionsApi()
        .MapDeadLettersApi()
        .MapAuditApi();
}
