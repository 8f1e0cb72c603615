using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Storage;

namespace Smgw.Silo.Api;

/// <summary>
/// The queue view: list (<c>?quarantined=true</c>: the held ones), inspect (a tenant admin: their
/// tenant's messages only), retry now, release from quarantine and delete (staff).
/// </summary>
public static class QueueApi
{
    public static RouteGroupBuilder MapQueueApi(this RouteGroupBuilder api)
    {
        api.MapGet("/queue", async (HttpContext http, MessageStore store, bool? all, bool? quarantined, int? limit, CancellationToken ct) =>
        {
            var principal = ApiAccess.PrincipalOf(http);
            var entries = await store.ListAsync(all ?? false, Math.Clamp(limit ?? 100, 1, 10_000), ct);
            return Results.Ok(entries.Where(e => principal.MayAccessTenant(e.TenantId) && (quarantined != true || e.Quarantined)));
        });

        api.MapGet("/queue/{id}", async (string id, HttpContext http, IGrainFactory grains) =>
            await grains.GetGrain<IMessageGrain>(id).GetStatusAsync() is { Envelope: { } envelope } status
                ? Access.RequireTenant(http, envelope.TenantId) ?? Results.Ok(status)
                : NotQueued(id));

        api.MapPost("/queue/{id}/retry", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner, ApiRole.Operations) is { } refused)
            {
                return refused;
            }
            var grain = grains.GetGrain<IMessageGrain>(id);
            if ((await grain.GetStatusAsync()).Envelope is null)
            {
                return NotQueued(id);
            }
            await grain.RetryNowAsync();
            return Results.Accepted($"/api/queue/{id}");
        });

        api.MapPost("/queue/{id}/release", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner, ApiRole.Operations) is { } refused)
            {
                return refused;
            }
            var grain = grains.GetGrain<IMessageGrain>(id);
            if ((await grain.GetStatusAsync()).Envelope is null)
            {
                return NotQueued(id);
            }
            return await grain.ReleaseAsync()
                ? Results.Accepted($"/api/queue/{id}")
                : Results.Problem(title: "Not quarantined", detail: $"message '{id}' has no quarantined recipient", statusCode: 409);
        });

        api.MapDelete("/queue/{id}", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner, ApiRole.Operations) is { } refused)
            {
                return refused;
            }
            var grain = grains.GetGrain<IMessageGrain>(id);
            if ((await grain.GetStatusAsync()).Envelope is null)
            {
                return NotQueued(id);
            }
            await grain.DeleteAsync();
            return Results.NoContent();
        });
        return api;
    }

    private static IResult NotQueued(string id) =>
        Results.Problem(title: "Not found", detail: $"message '{id}' is not in the queue", statusCode: 404);
}
