namespace Smgw.Silo.Checks;

/// <summary>Configuration section <c>Smgw:Checks</c>.</summary>
public sealed class ChecksOptions
{
    public const string Section = "Smgw:Checks";

    /// <summary>The gateway's outbound addresses (IPs or CIDR) that a tenant's SPF record may admit besides the tenant's relays.</summary>
    public string[] GatewayAddresses { get; set; } = [];
}
