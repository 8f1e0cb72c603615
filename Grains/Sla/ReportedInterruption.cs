namespace Smgw.Grains.Sla;

/// <summary>An interval shown in the report: a counted interruption (with what failed), an exempt maintenance window or an excluded disturbance (with its reason).</summary>
public sealed record ReportedInterruption(
    DateTimeOffset Start,
    DateTimeOffset End,
    InterruptionKind Kind,
    string Reason,
    bool Ongoing)
{
    public TimeSpan Duration => End - Start;
}
