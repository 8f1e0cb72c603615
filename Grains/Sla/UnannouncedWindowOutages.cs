namespace Smgw.Grains.Sla;

/// <summary>
/// How an outage inside a maintenance window that needed no announcement (no outage expected, not
/// longer than <see cref="SlaOptions.UnannouncedMaintenanceMaxDuration"/>) is read (issue G §2).
/// </summary>
public enum UnannouncedWindowOutages
{
    /// <summary>Default: the outage counts — nothing announced it and it was not the expected effect of the work.</summary>
    Count = 0,

    /// <summary>The earlier reading: the whole window is exempt, outages in it included.</summary>
    Exempt = 1,
}
