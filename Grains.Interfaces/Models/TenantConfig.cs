namespace Smgw.Interfaces.Models;

/// <summary>
/// The technical data of one tenant (authority): its mail domains, the relay addresses its mail
/// server connects from, the internal mail server inbound mail is delivered to, and the routing mode.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.TenantConfig")]
public sealed record TenantConfig
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public string Name { get; init; } = "";
    [Id(2)] public IReadOnlyList<string> Domains { get; init; } = [];
    /// <summary>IP addresses or CIDR networks the tenant's mail server relays from (CL-2, CL-3).</summary>
    [Id(3)] public IReadOnlyList<string> RelayAddresses { get; init; } = [];
    /// <summary>host:port of the tenant's internal mail server that inbound mail is delivered to.</summary>
    [Id(4)] public string InternalServer { get; init; } = "";
    [Id(5)] public RoutingMode RoutingMode { get; init; } = RoutingMode.AllUsers;
    /// <summary>With <see cref="RoutingMode.ListedAddresses"/>: the addresses routed through the gateway.</summary>
    [Id(6)] public IReadOnlyList<string> ListedAddresses { get; init; } = [];
    /// <summary>
    /// Header From addresses outside the tenant's domains that its relay may send anyway (forwards,
    /// a list server): addresses, "@domain", or "*" for any. Such mail is never signed by the gateway
    /// for an address its certificates do not name. Empty: the header From must be in the tenant's domains (CL-3).
    /// </summary>
    [Id(7)] public IReadOnlyList<string> AllowedForeignFrom { get; init; } = [];
}
