using Smgw.Interfaces.Access;

namespace Smgw.Interfaces.Onboarding;

/// <summary>An action possible from the current stage, where it leads and who may take it.</summary>
[GenerateSerializer, Immutable, Alias("smgw.OnboardingOption")]
public sealed record OnboardingOption
{
    [Id(0)] public OnboardingAction Action { get; init; }
    [Id(1)] public OnboardingStage To { get; init; }
    [Id(2)] public IReadOnlyList<ApiRole> Roles { get; init; } = [];
}
