namespace Smgw.Interfaces.Policy;

/// <summary>
/// Recipients that get the same treatment, so one copy of the message serves them all (per
/// recipient keys differ: an encrypted copy carries one recipient info per recipient key).
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.DecisionSplit")]
public sealed record DecisionSplit
{
    /// <summary>The common action, e.g. "sign-organisation+encrypt-smime-personal".</summary>
    [Id(0)] public string Action { get; init; } = "";
    [Id(1)] public TreatmentOutcome Outcome { get; init; }
    [Id(2)] public IReadOnlyList<string> Recipients { get; init; } = [];
    /// <summary>Refuse or Defer: the common RFC 3463 status (the reasons are per recipient).</summary>
    [Id(3)] public string? Status { get; init; }
}
