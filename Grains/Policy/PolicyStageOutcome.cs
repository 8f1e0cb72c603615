namespace Smgw.Grains.Policy;

/// <summary>What the policy stage did with the due recipients, and its decision trace in words (empty: no policy decided).</summary>
public sealed record PolicyStageOutcome(IReadOnlyList<PolicyResult> Results, IReadOnlyList<string> Trace);
