namespace Smgw.Grains.Sla;

/// <summary>
/// An interval shown in the report: a counted interruption (with what failed), an exempt maintenance window or an excluded disturbance (with its reason).
/// <see cref="Reason"/> is the English line; <see cref="Sources"/> the records it was made from, for a page in another language.
/// </summary>
public sealed record ReportedInterruption(
    DateTimeOffset Start,
    DateTimeOffset End,
    InterruptionKind Kind,
    string Reason,
    bool Ongoing,
    IReadOnlyList<ReasonSource>? Sources = null)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>One record behind an exempt or excluded row: the window's effects and verdict, or the exclusion's reason and who tagged it.</summary>
public sealed record ReasonSource(string Text, MaintenanceVerdict? Verdict = null, string? TaggedBy = null)
{
    /// <summary>The English form: "database upgrade (AnnouncedInTime)", "carrier (tagged by ops)".</summary>
    public override string ToString() =>
        Verdict is { } verdict ? $"{Text} ({verdict})".Trim() : TaggedBy is { } by ? $"{Text} (tagged by {by})" : Text;
}
