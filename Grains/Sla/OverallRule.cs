namespace Smgw.Grains.Sla;

/// <summary>What "the whole service was down" means for the overall figures.</summary>
public enum OverallRule
{
    /// <summary>Default: the service counts as down whenever at least one tenant has counted downtime.</summary>
    AnyTenantDown = 0,

    /// <summary>Only outages of all tenants count, cut only by windows and exclusions that cover all tenants.</summary>
    AllTenantsDown = 1,
}
