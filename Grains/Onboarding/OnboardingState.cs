using Smgw.Interfaces.Onboarding;

namespace Smgw.Grains.Onboarding;

[GenerateSerializer, Alias("smgw.OnboardingState")]
public sealed class OnboardingState
{
    [Id(0)] public OnboardingStage Stage { get; set; }
    [Id(1)] public List<AuditEntry> Audit { get; set; } = [];
}
