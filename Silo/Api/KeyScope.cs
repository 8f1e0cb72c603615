using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Keys;

namespace Smgw.Silo.Api;

/// <summary>
/// Where an imported correspondent's key goes. Staff (service owner, operations) import
/// gateway-wide; so does a tenant's administrator for an owner in the tenant's own domains (the
/// tenant is the authority on its addresses). A tenant's administrator importing a key for anyone
/// else imports it for that tenant only (<see cref="ITenantKeyStoreGrain"/>): it cannot replace a
/// key another tenant relies on.
/// </summary>
public static class KeyScope
{
    /// <summary>The tenant the import is scoped to; null: gateway-wide.</summary>
    public static async Task<string?> ImportTenantAsync(HttpContext http, IGrainFactory grains, string owner)
    {
        var principal = ApiAccess.PrincipalOf(http);
        if (principal.Role != ApiRole.TenantAdmin || string.IsNullOrEmpty(principal.TenantId))
        {
            return null;
        }
        var config = await grains.GetGrain<ITenantGrain>(principal.TenantId).GetAsync();
        var domain = owner[(owner.LastIndexOf('@') + 1)..];
        return config?.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase) == true ? null : principal.TenantId;
    }

    /// <summary>
    /// The keys of <paramref name="owner"/> the caller may see: the gateway-wide ones and, for a
    /// tenant's administrator (or staff naming <paramref name="tenant"/>), that tenant's own imports.
    /// </summary>
    public static async Task<IResult> ListAsync(HttpContext http, IGrainFactory grains, string owner, string? tenant, Func<KeyEntry, bool> filter)
    {
        var principal = ApiAccess.PrincipalOf(http);
        var scope = principal.Role == ApiRole.TenantAdmin ? principal.TenantId : tenant;
        if (principal.Role == ApiRole.TenantAdmin && !string.IsNullOrEmpty(tenant) && tenant != principal.TenantId)
        {
            return Access.RequireTenant(http, tenant)!;
        }
        var entries = (await grains.GetGrain<IKeyStoreGrain>(owner).ListAsync()).ToList();
        if (!string.IsNullOrEmpty(scope))
        {
            entries.AddRange(await grains.GetGrain<ITenantKeyStoreGrain>(scope).ListAsync(owner));
        }
        return Results.Ok(entries.Where(filter).ToList());
    }
}
