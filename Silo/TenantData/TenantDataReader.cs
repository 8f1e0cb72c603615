using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Mailboxes;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Smgw.Interfaces.Tenants;

namespace Smgw.Silo.TenantData;

/// <summary>
/// Reads what a tenant has, from where it lives (nothing is copied into the checklist): its policy
/// deviations in the policy model (CL-8, CL-12, tables 2-4), its addresses with personal-certificate
/// flags (CL-9, tables 5, 6), its policy groups and their members (CL-11, tables 7, 8), contacts
/// (CL-15, table 11) and documents (CL-16, CL-17).
/// </summary>
public sealed class TenantDataReader(IGrainFactory grains)
{
    public sealed record AddressRow(string Address, string DisplayName, bool Listed, bool HasPersonalCertificate, bool PersonalCertificateStored, IReadOnlyList<string> Groups);

    public sealed record GroupRow(string Name, string Kind, string Description, IReadOnlyList<string> Members, string Policy, bool InForce, bool PolicyDefined);

    public sealed record AddressPolicyRow(string Address, PolicyScope Scope, string Policy, bool PolicyDefined);

    public async Task<TenantRecords> RecordsAsync(string tenantId) => await grains.GetGrain<ITenantProfileGrain>(tenantId).GetAsync();

    public async Task<IReadOnlyList<MailboxConfig>> MailboxesAsync(string tenantId, TenantConfig? tenant)
    {
        var indexed = await grains.GetGrain<ITenantMailboxesGrain>(tenantId).ListAsync();
        var addresses = indexed.Select(m => m.Address).Concat(tenant?.ListedAddresses ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var configs = await Task.WhenAll(addresses.Select(a => grains.GetGrain<IMailboxGrain>(a).GetAsync()));
        return configs.OfType<MailboxConfig>().Where(m => m.TenantId == tenantId).ToList();
    }

    public async Task<IReadOnlyList<PolicyGroupConfig>> GroupsAsync(string tenantId, TenantRecords records, TenantPolicyConfig policy)
    {
        var names = records.Groups.Concat(policy.Groups).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var groups = await Task.WhenAll(names.Select(n => grains.GetGrain<IPolicyGroupGrain>($"{tenantId}/{n}").GetAsync()));
        return groups.OfType<PolicyGroupConfig>().ToList();
    }

    /// <summary>The table data of a checklist item, or null for items without a table.</summary>
    public async Task<object?> TableAsync(string tenantId, string item)
    {
        if (item is not ("CL-8" or "CL-9" or "CL-11" or "CL-12" or "CL-15" or "CL-16" or "CL-17"))
        {
            return null;
        }
        var tenant = await grains.GetGrain<ITenantGrain>(tenantId).GetAsync();
        var records = await RecordsAsync(tenantId);
        var policy = await grains.GetGrain<ITenantPolicyGrain>(tenantId).GetAsync();
        var catalog = await grains.GetGrain<IPolicyCatalogGrain>(IPolicyCatalogGrain.DefaultKey).GetAsync();
        switch (item)
        {
            case "CL-8":
                return new
                {
                    source = $"PUT /api/tenants/{tenantId}/policy (tenantPolicy) and PUT /api/policy/catalog",
                    standardPolicy = catalog.StandardPolicy,
                    standard = InForce(catalog, catalog.StandardPolicy),
                    tenantPolicy = policy.TenantPolicy,
                    deviation = InForce(catalog, policy.TenantPolicy),
                    policyDefined = policy.TenantPolicy.Length == 0 || InForce(catalog, policy.TenantPolicy) is not null,
                };
            case "CL-9":
                return new
                {
                    source = $"PUT /api/tenants/{tenantId} (routingMode, listedAddresses) and PUT /api/mailboxes/{{address}}",
                    routingMode = tenant?.RoutingMode ?? RoutingMode.AllUsers,
                    addresses = await AddressRowsAsync(tenantId, tenant, records),
                };
            case "CL-11":
                return new
                {
                    source = $"PUT /api/groups/{tenantId}/{{name}}, mailboxes' groups, and the groups in force in PUT /api/tenants/{tenantId}/policy",
                    groups = await GroupRowsAsync(tenantId, tenant, records, policy, catalog),
                };
            case "CL-12":
                return new
                {
                    source = $"PUT /api/tenants/{tenantId}/policy (addresses)",
                    addresses = policy.Addresses.Select(a => new AddressPolicyRow(a.Address, a.Scope, a.Policy, InForce(catalog, a.Policy) is not null)).ToList(),
                };
            case "CL-15":
                return new
                {
                    source = $"PUT /api/tenants/{tenantId}/contacts",
                    language = records.Contacts.Language,
                    contacts = records.Contacts.Contacts,
                };
            case "CL-16":
            case "CL-17":
                return new
                {
                    source = $"PUT /api/tenants/{tenantId}/documents/{item}/{{name}}",
                    documents = records.Documents.Where(d => d.Item == item).ToList(),
                };
            default:
                return null;
        }
    }

    /// <summary>A line for the evidence: what the linked data holds now.</summary>
    public static string Summary(string item, object? table) => (item, table) switch
    {
        (_, null) => "",
        _ => item switch
        {
            "CL-15" => Count(table, "contacts", "contact(s)") + Names(table),
            "CL-16" or "CL-17" => Count(table, "documents", "document(s) or link(s)"),
            "CL-9" => Count(table, "addresses", "address(es)"),
            "CL-11" => Count(table, "groups", "group(s)"),
            "CL-12" => Count(table, "addresses", "single-address policy(-ies)"),
            _ => "",
        },
    };

    private static string Names(object table) =>
        table.GetType().GetProperty("contacts")?.GetValue(table) is IReadOnlyList<Contact> { Count: > 0 } contacts
            ? ": " + string.Join("; ", contacts.Select(c => $"{c.Name} <{c.Email}>{(c.Function.Length > 0 ? $" ({c.Function})" : "")}"))
            : "";

    private static string Count(object table, string property, string noun)
    {
        var value = table.GetType().GetProperty(property)?.GetValue(table) as System.Collections.ICollection;
        return $"{value?.Count ?? 0} {noun} recorded";
    }

    private async Task<List<AddressRow>> AddressRowsAsync(string tenantId, TenantConfig? tenant, TenantRecords records)
    {
        var mailboxes = (await MailboxesAsync(tenantId, tenant)).ToDictionary(m => m.Address, StringComparer.Ordinal);
        var addresses = mailboxes.Keys.Concat(tenant?.ListedAddresses ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rows = new List<AddressRow>();
        foreach (var address in addresses)
        {
            var mailbox = mailboxes.GetValueOrDefault(address);
            var stored = (await grains.GetGrain<IKeyStoreGrain>(address).ListAsync()).Any(k => k.Kind is KeyKind.Certificate or KeyKind.Personal);
            rows.Add(new AddressRow(
                address,
                mailbox?.DisplayName ?? "",
                tenant?.ListedAddresses.Contains(address, StringComparer.Ordinal) ?? false,
                mailbox?.HasPersonalCertificate ?? false,
                stored,
                mailbox?.Groups ?? []));
        }
        return rows;
    }

    private async Task<List<GroupRow>> GroupRowsAsync(string tenantId, TenantConfig? tenant, TenantRecords records, TenantPolicyConfig policy, PolicyCatalog catalog)
    {
        var mailboxes = await MailboxesAsync(tenantId, tenant);
        return (await GroupsAsync(tenantId, records, policy)).Select(g => new GroupRow(
            g.Name,
            g.Kind,
            g.Description,
            g.Members
                .Concat(mailboxes.Where(m => m.Groups.Any(n => n == g.Name || n == g.Id)).Select(m => m.Address))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            g.Policy,
            policy.Groups.Contains(g.Name, StringComparer.Ordinal),
            InForce(catalog, g.Policy) is not null)).ToList();
    }

    private static PolicyDefinition? InForce(PolicyCatalog catalog, string name) =>
        name.Length == 0 ? null : catalog.Policies.Where(p => p.Name == name).MaxBy(p => p.Version);
}
