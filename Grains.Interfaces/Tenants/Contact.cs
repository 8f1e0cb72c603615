namespace Smgw.Interfaces.Tenants;

/// <summary>A tenant's contact person for the gateway administrators (seed CL-15, table 11).</summary>
[GenerateSerializer, Immutable, Alias("smgw.tenants.Contact")]
public sealed record Contact
{
    [Id(0)] public string Name { get; init; } = "";
    /// <summary>Role or function, e.g. "mail administrator", "information security officer".</summary>
    [Id(1)] public string Function { get; init; } = "";
    [Id(2)] public string Email { get; init; } = "";
    [Id(3)] public string Phone { get; init; } = "";
    /// <summary>"de" or "en" for the mails this contact gets; empty: the tenant's language.</summary>
    [Id(4)] public string Language { get; init; } = "";
}
