namespace Smgw.Grains.Sla;

/// <summary>How an interruption that crosses the boundary of an interruption-cap period (ISO week) is counted.</summary>
public enum WeekBoundaryRule
{
    /// <summary>The brief's rule: one interruption; it counts with its full length in every week it touches.</summary>
    FullLengthInEveryWeek = 0,

    /// <summary>Split at the boundary: each week counts only the part inside it (can hide a breach; not the default).</summary>
    SplitAtBoundary = 1,
}
