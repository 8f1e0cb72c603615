namespace Smgw.Interfaces.Tenants;

/// <summary>A tenant's contacts (CL-15) and the language of the gateway's mails to it ("de" or "en").</summary>
[GenerateSerializer, Immutable, Alias("smgw.tenants.TenantContacts")]
public sealed record TenantContacts
{
    [Id(0)] public string TenantId { get; init; } = "";
    /// <summary>"de" (the default) or "en".</summary>
    [Id(1)] public string Language { get; init; } = "de";
    [Id(2)] public IReadOnlyList<Contact> Contacts { get; init; } = [];
}
