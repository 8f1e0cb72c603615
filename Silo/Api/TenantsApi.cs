using Smgw.Interfaces;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Models;
using Smgw.Silo.Tenants;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>The minimal tenant administration (issue C replaces it with the onboarding workflow).</summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants", async (IGrainFactory grains) =>
            Results.Ok((await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync()).Tenants));

        api.MapGet("/tenants/{id}", async (string id, IGrainFactory grains) =>
            await grains.GetGrain<ITenantGrain>(id).GetAsync() is { } tenant
                ? Results.Ok(tenant)
                : Results.Problem(title: "Not found", detail: $"tenant '{id}' does not exist", statusCode: 404));

        api.MapPut("/tenants/{id}", (string id, TenantConfig body, IGrainFactory grains, TenantDirectory directory) => Guard(async () =>
        {
            var saved = await grains.GetGrain<ITenantGrain>(id).ConfigureAsync(body with { Id = id });
            await directory.RefreshAsync();
            return Results.Ok(saved);
        }));

        api.MapDelete("/tenants/{id}", async (string id, IGrainFactory grains, TenantDirectory directory) =>
        {
            await grains.GetGrain<ITenantGrain>(id).RemoveAsync();
            await directory.RefreshAsync();
            return Results.NoContent();
        });

        api.MapPut("/mailboxes/{address}", (string address, MailboxConfig body, IGrainFactory grains) => Guard(async () =>
            Results.Ok(await grains.GetGrain<IMailboxGrain>(address.Trim().ToLowerInvariant()).ConfigureAsync(body with { Address = address }))));

        api.MapGet("/mailboxes/{address}", async (string address, IGrainFactory grains) =>
            await grains.GetGrain<IMailboxGrain>(address.Trim().ToLowerInvariant()).GetAsync() is { } mailbox
                ? Results.Ok(mailbox)
                : Results.Problem(title: "Not found", detail: $"mailbox '{address}' does not exist", statusCode: 404));

        api.MapPut("/groups/{tenant}/{name}", (string tenant, string name, PolicyGroupConfig body, IGrainFactory grains) => Guard(async () =>
            Results.Ok(await grains.GetGrain<IPolicyGroupGrain>($"{tenant}/{name}").ConfigureAsync(body with { Id = $"{tenant}/{name}", TenantId = tenant, Name = name }))));

        api.MapGet("/groups/{tenant}/{name}", async (string tenant, string name, IGrainFactory grains) =>
            await grains.GetGrain<IPolicyGroupGrain>($"{tenant}/{name}").GetAsync() is { } group
                ? Results.Ok(group)
                : Results.Problem(title: "Not found", detail: $"group '{tenant}/{name}' does not exist", statusCode: 404));

        api.MapPost("/apply", (TenantFile file, TenantFileApplier applier, CancellationToken ct) => Guard(async () =>
            Results.Ok(await applier.ApplyAsync(file, ct))));

        return api;
    }
}
