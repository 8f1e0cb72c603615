using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Smgw.Interfaces.Tenants;

namespace Smgw.Silo.Tenants;

/// <summary>
/// A declarative file of tenants, mailboxes, policy groups, tenants' policy settings, contacts and
/// document links (JSON), applied at start from <c>Smgw:TenantsFile</c> or by <c>POST /api/apply</c>.
/// Applying it twice changes nothing.
/// </summary>
public sealed record TenantFile
{
    public IReadOnlyList<TenantConfig> Tenants { get; init; } = [];
    public IReadOnlyList<MailboxConfig> Mailboxes { get; init; } = [];
    public IReadOnlyList<PolicyGroupConfig> Groups { get; init; } = [];
    /// <summary>A tenant's policy settings (CL-8, CL-11, CL-12), as <c>PUT /api/tenants/{id}/policy</c> takes them.</summary>
    public IReadOnlyList<TenantPolicyEntry> Policies { get; init; } = [];
    /// <summary>Contacts and language per tenant (CL-15), as <c>PUT /api/tenants/{id}/contacts</c> takes them.</summary>
    public IReadOnlyList<TenantContacts> Contacts { get; init; } = [];
    /// <summary>Links to documents of CL-16 and CL-17 (uploads go through the API).</summary>
    public IReadOnlyList<DocumentLinkEntry> Documents { get; init; } = [];
}

public sealed record TenantPolicyEntry
{
    public string TenantId { get; init; } = "";
    public string TenantPolicy { get; init; } = "";
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<AddressPolicy> Addresses { get; init; } = [];
    public IReadOnlyList<AliasEntry> Aliases { get; init; } = [];
}

public sealed record DocumentLinkEntry
{
    public string TenantId { get; init; } = "";
    public string Item { get; init; } = "";
    public string Name { get; init; } = "";
    public string Link { get; init; } = "";
}
