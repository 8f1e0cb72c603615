namespace Smgw.Interfaces.Onboarding;

[GenerateSerializer, Immutable, Alias("smgw.OnboardingStatus")]
public sealed record OnboardingStatus
{
    [Id(0)] public string TenantId { get; init; } = "";
    [Id(1)] public OnboardingStage Stage { get; init; }
    [Id(2)] public IReadOnlyList<AuditEntry> Audit { get; init; } = [];
    /// <summary>The actions possible from this stage, each with its owner roles.</summary>
    [Id(3)] public IReadOnlyList<OnboardingOption> Next { get; init; } = [];
}
