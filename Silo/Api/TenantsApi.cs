using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Models;
using Smgw.Silo.Tenants;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// Tenants, mailboxes and groups. Service owner and operations see and change every tenant; a
/// tenant admin sees only their own tenant, may manage its mailboxes and groups, and may not change
/// its technical data (domains, relays, server), which the service owner checks (ON-4).
/// </summary>
public static class TenantsApi
{
    private static readonly ApiRole[] Staff = [ApiRole.ServiceOwner, ApiRole.Operations];

    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants", async (HttpContext http, IGrainFactory grains) =>
        {
            var principal = ApiAccess.PrincipalOf(http);
            var tenants = (await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync()).Tenants;
            return Results.Ok(tenants.Where(t => principal.MayAccessTenant(t.Id)));
        });

        api.MapGet("/tenants/{id}", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, id)
            ?? (await grains.GetGrain<ITenantGrain>(id).GetAsync() is { } tenant
                ? Results.Ok(tenant)
                : NotFound($"tenant '{id}' does not exist")));

        api.MapPut("/tenants/{id}", (string id, TenantConfig body, HttpContext http, IGrainFactory grains, TenantDirectory directory) => Guard(async () =>
        {
            if (Access.Require(http, Staff) is { } refused)
            {
                return refused;
            }
            var saved = await grains.GetGrain<ITenantGrain>(id).ConfigureAsync(body with { Id = id });
            await directory.RefreshAsync();
            return Results.Ok(saved);
        }));

        api.MapDelete("/tenants/{id}", async (string id, HttpContext http, IGrainFactory grains, TenantDirectory directory) =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner) is { } refused)
            {
                return refused;
            }
            await grains.GetGrain<ITenantGrain>(id).RemoveAsync();
            await directory.RefreshAsync();
            return Results.NoContent();
        });

        api.MapPut("/mailboxes/{address}", (string address, MailboxConfig body, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            var grain = grains.GetGrain<IMailboxGrain>(address.Trim().ToLowerInvariant());
            var existing = await grain.GetAsync();
            // A tenant admin may neither put a mailbox into another tenant nor take one over from it.
            var refused = Access.RequireTenant(http, body.TenantId)
                ?? (existing is null ? null : Access.RequireTenant(http, existing.TenantId));
            return refused ?? Results.Ok(await grain.ConfigureAsync(body with { Address = address }));
        }));

        api.MapGet("/mailboxes/{address}", async (string address, HttpContext http, IGrainFactory grains) =>
            await grains.GetGrain<IMailboxGrain>(address.Trim().ToLowerInvariant()).GetAsync() is { } mailbox
                ? Access.RequireTenant(http, mailbox.TenantId) ?? Results.Ok(mailbox)
                : NotFound($"mailbox '{address}' does not exist"));

        api.MapPut("/groups/{tenant}/{name}", (string tenant, string name, PolicyGroupConfig body, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Access.RequireTenant(http, tenant)
            ?? Results.Ok(await grains.GetGrain<IPolicyGroupGrain>($"{tenant}/{name}").ConfigureAsync(body with { Id = $"{tenant}/{name}", TenantId = tenant, Name = name }))));

        api.MapGet("/groups/{tenant}/{name}", async (string tenant, string name, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, tenant)
            ?? (await grains.GetGrain<IPolicyGroupGrain>($"{tenant}/{name}").GetAsync() is { } group
                ? Results.Ok(group)
                : NotFound($"group '{tenant}/{name}' does not exist")));

        api.MapPost("/apply", (TenantFile file, HttpContext http, TenantFileApplier applier, CancellationToken ct) => Guard(async () =>
            Access.Require(http, Staff) ?? Results.Ok(await applier.ApplyAsync(file, ct))));

        return api;
    }

    private static IResult NotFound(string detail) => Results.Problem(title: "Not found", detail: detail, statusCode: 404);
}
