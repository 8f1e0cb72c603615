using Smgw.Interfaces.Access;

namespace Smgw.Interfaces.Onboarding;

/// <summary>Who did what, when, in which role, from which stage to which, and why.</summary>
[GenerateSerializer, Immutable, Alias("smgw.AuditEntry")]
public sealed record AuditEntry
{
    [Id(0)] public DateTimeOffset When { get; init; }
    [Id(1)] public string Who { get; init; } = "";
    [Id(2)] public ApiRole Role { get; init; }
    [Id(3)] public OnboardingAction Action { get; init; }
    [Id(4)] public OnboardingStage From { get; init; }
    [Id(5)] public OnboardingStage To { get; init; }
    [Id(6)] public string Comment { get; init; } = "";
}
