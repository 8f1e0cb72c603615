namespace Smgw.Interfaces.Models;

/// <summary>Seed CL-9: are all users of a tenant's domains routed through the gateway, or only listed addresses?</summary>
[GenerateSerializer, Alias("smgw.RoutingMode")]
public enum RoutingMode
{
    AllUsers = 0,
    ListedAddresses = 1,
}
