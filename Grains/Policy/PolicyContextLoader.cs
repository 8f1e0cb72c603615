using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>
/// Reads what a decision needs from the grains: tenant, tenant policy, groups, the gateway-wide
/// catalog (through a one-second cache: it is one activation, and every message needs it), trust
/// anchors, and the key stores of every owner the engine may ask about (gateway-wide, with the
/// tenant's own imports of correspondents' keys taking precedence).
/// </summary>
public sealed class PolicyContextLoader(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan CatalogCacheTime = TimeSpan.FromSeconds(1);
    private volatile CatalogSnapshot? _catalog;

    public async Task<PolicyContext> LoadAsync(PolicyMessage message, bool fresh = false)
    {
        var tenantId = message.TenantId;
        var tenantTask = tenantId.Length == 0 ? Task.FromResult<TenantConfig?>(null) : grains.GetGrain<ITenantGrain>(tenantId).GetAsync();
        var tenantPolicyTask = tenantId.Length == 0 ? Task.FromResult(new TenantPolicyConfig()) : grains.GetGrain<ITenantPolicyGrain>(tenantId).GetAsync();
        var anchorsTask = tenantId.Length == 0 ? Task.FromResult<IReadOnlyList<string>>([]) : grains.GetGrain<ITrustAnchorsGrain>(tenantId).GetAsync();
        var catalog = await CatalogAsync(fresh);
        var tenant = await tenantTask;
        var tenantPolicy = await tenantPolicyTask;
        var groups = (await Task.WhenAll(tenantPolicy.Groups.Select(g => grains.GetGrain<IPolicyGroupGrain>($"{tenantId}/{g}").GetAsync())))
            .OfType<PolicyGroupConfig>()
            .ToList();

        var policies = new PolicySet
        {
            Policies = catalog.Policies,
            StandardPolicy = catalog.StandardPolicy,
            Tenant = tenant,
            TenantPolicy = tenantPolicy.TenantPolicy,
            Groups = groups,
            Addresses = tenantPolicy.Addresses,
            Aliases = tenantPolicy.Aliases,
        };

        var keys = await KeysAsync(tenantId, Owners(message, policies).ToList());
        return new PolicyContext(message, policies, await anchorsTask, keys);
    }

    /// <summary>
    /// The keys of <paramref name="owners"/> as tenant <paramref name="tenantId"/> sees them: the
    /// gateway-wide key store, where the tenant's own imports (<see cref="ITenantKeyStoreGrain"/>)
    /// replace the entry of the same kind. Owners without keys are left out.
    /// </summary>
    public async Task<Dictionary<string, IReadOnlyList<KeyMaterial>>> KeysAsync(string tenantId, IReadOnlyList<string> owners)
    {
        var scopedTask = tenantId.Length == 0
            ? Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<KeyMaterial>>>(new Dictionary<string, IReadOnlyList<KeyMaterial>>())
            : grains.GetGrain<ITenantKeyStoreGrain>(tenantId).GetMaterialAsync(owners);
        var materials = await Task.WhenAll(owners.Select(o => grains.GetGrain<IKeyStoreGrain>(o).GetMaterialAsync()));
        var scoped = await scopedTask;
        var keys = new Dictionary<string, IReadOnlyList<KeyMaterial>>(StringComparer.Ordinal);
        for (var i = 0; i < owners.Count; i++)
        {
            IReadOnlyList<KeyMaterial> merged = materials[i];
            if (scoped.TryGetValue(owners[i], out var own) && own.Count > 0)
            {
                merged = [.. merged.Where(m => !own.Any(o => o.Entry.Kind == m.Entry.Kind)), .. own];
            }
            if (merged.Count > 0)
            {
                keys[owners[i]] = merged;
            }
        }
        return keys;
    }

    /// <summary>Every address and domain whose keys the engine may look up: the sender's, the recipients' and every alias target's.</summary>
    private static IEnumerable<string> Owners(PolicyMessage message, PolicySet policies)
    {
        var addresses = new List<string>(message.Recipients);
        if (message.Sender.Length > 0)
        {
            addresses.Add(message.Sender);
        }
        addresses.AddRange(policies.Aliases.SelectMany(a => a.Targets));
        var owners = new HashSet<string>(StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            var lower = address.Trim().ToLowerInvariant();
            owners.Add(lower);
            owners.Add(lower[(lower.LastIndexOf('@') + 1)..]);
        }
        return owners;
    }

    private async Task<PolicyCatalog> CatalogAsync(bool fresh)
    {
        var now = time.GetUtcNow();
        if (!fresh && _catalog is { } cached && now - cached.Read < CatalogCacheTime)
        {
            return cached.Catalog;
        }
        var catalog = await grains.GetGrain<IPolicyCatalogGrain>(IPolicyCatalogGrain.DefaultKey).GetAsync();
        _catalog = new CatalogSnapshot(catalog, now);
        return catalog;
    }

    private sealed record CatalogSnapshot(PolicyCatalog Catalog, DateTimeOffset Read);
}
