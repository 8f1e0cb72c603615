namespace Smgw.Interfaces.Tenants;

/// <summary>What a tenant's profile grain holds besides contacts: the documents and which mailboxes and groups belong to the tenant.</summary>
[GenerateSerializer, Immutable, Alias("smgw.tenants.TenantRecords")]
public sealed record TenantRecords
{
    [Id(0)] public TenantContacts Contacts { get; init; } = new();
    [Id(1)] public IReadOnlyList<TenantDocument> Documents { get; init; } = [];
    /// <summary>Addresses of the tenant's mailboxes (lower case), as configured through the gateway.</summary>
    [Id(2)] public IReadOnlyList<string> Mailboxes { get; init; } = [];
    /// <summary>Names of the tenant's policy groups (the part after "tenant/").</summary>
    [Id(3)] public IReadOnlyList<string> Groups { get; init; } = [];
}
