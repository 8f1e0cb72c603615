namespace Smgw.Interfaces.Tenants;

/// <summary>What a tenant's profile grain holds besides contacts: the documents and which groups belong to the tenant (its mailboxes: ITenantMailboxesGrain).</summary>
[GenerateSerializer, Immutable, Alias("smgw.tenants.TenantRecords")]
public sealed record TenantRecords
{
    [Id(0)] public TenantContacts Contacts { get; init; } = new();
    [Id(1)] public IReadOnlyList<TenantDocument> Documents { get; init; } = [];
    // [Id(2)] was the mailbox index, now in ITenantMailboxesGrain.
    /// <summary>Names of the tenant's policy groups (the part after "tenant/").</summary>
    [Id(3)] public IReadOnlyList<string> Groups { get; init; } = [];
}
