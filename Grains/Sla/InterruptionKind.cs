namespace Smgw.Grains.Sla;

/// <summary>How an interval in the report counts: against the SLA, or exempt (announced maintenance), or excluded (tagged disturbance).</summary>
public enum InterruptionKind
{
    Counted,
    ExemptMaintenance,
    Excluded,
}
