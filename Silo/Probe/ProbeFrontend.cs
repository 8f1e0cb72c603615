namespace Smgw.Silo.Probe;

/// <summary>One SMTP frontend to probe: its Internet-facing and its tenant-facing listener (host:port each; either may be left out).</summary>
public sealed class ProbeFrontend
{
    public string Name { get; set; } = "";

    /// <summary>host:port of the Internet-facing listener: the probe sends to the probe tenant through it (direction inbound).</summary>
    public string Internet { get; set; } = "";

    /// <summary>host:port of the tenant-facing listener (STARTTLS): the probe tenant sends through it (direction outbound).</summary>
    public string Tenant { get; set; } = "";
}
