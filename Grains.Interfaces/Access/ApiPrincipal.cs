namespace Smgw.Interfaces.Access;

/// <summary>Who calls the admin API: a name for the audit trail, a role, and for a tenant admin the tenant.</summary>
[GenerateSerializer, Immutable, Alias("smgw.ApiPrincipal")]
public sealed record ApiPrincipal
{
    [Id(0)] public string Name { get; init; } = "";
    [Id(1)] public ApiRole Role { get; init; }
    [Id(2)] public string? TenantId { get; init; }

    /// <summary>May this principal see and change <paramref name="tenantId"/>'s data?</summary>
    public bool MayAccessTenant(string tenantId) =>
        Role is ApiRole.ServiceOwner or ApiRole.Operations || string.Equals(TenantId, tenantId, StringComparison.Ordinal);
}
