using Smgw.Interfaces.Models;

namespace Smgw.Silo.Tenants;

/// <summary>
/// A declarative file of tenants, mailboxes and policy groups (JSON), applied at start from
/// <c>Smgw:TenantsFile</c> or by <c>POST /api/apply</c>. Applying it twice changes nothing.
/// </summary>
public sealed record TenantFile
{
    public IReadOnlyList<TenantConfig> Tenants { get; init; } = [];
    public IReadOnlyList<MailboxConfig> Mailboxes { get; init; } = [];
    public IReadOnlyList<PolicyGroupConfig> Groups { get; init; } = [];
}
