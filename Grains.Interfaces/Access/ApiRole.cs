namespace Smgw.Interfaces.Access;

/// <summary>The roles of the seed: service owner (BAK ESV), operations (Betrieb), a tenant's administrator.</summary>
[GenerateSerializer, Alias("smgw.ApiRole")]
public enum ApiRole
{
    ServiceOwner = 0,
    Operations = 1,
    TenantAdmin = 2,
}
