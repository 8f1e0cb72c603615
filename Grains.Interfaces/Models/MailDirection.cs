namespace Smgw.Interfaces.Models;

/// <summary>Which way a message travels through the gateway.</summary>
[GenerateSerializer, Alias("smgw.MailDirection")]
public enum MailDirection
{
    /// <summary>From the Internet to a tenant (arrived on the Internet-facing listener).</summary>
    Inbound = 0,

    /// <summary>From a tenant's mail server to the Internet or another tenant (tenant-facing listener).</summary>
    Outbound = 1,
}
