using Smgw.Interfaces.Access;
using Smgw.Interfaces.Onboarding;

namespace Smgw.Grains.Onboarding;

/// <summary>
/// The seed's flow chart as a table: from which stages an action may be taken, where it leads,
/// and which roles own it (ON-1 tenant, ON-2 service owner, ON-3 tenant, ON-4 service owner,
/// ON-5 service owner, ON-6 operations).
/// </summary>
public static class OnboardingRules
{
    private static readonly OnboardingStage[] Live =
    [
        OnboardingStage.None, OnboardingStage.Registered, OnboardingStage.ProjectInitialised, OnboardingStage.ChecklistInProgress,
        OnboardingStage.TechnicalCheck, OnboardingStage.Released, OnboardingStage.Active, OnboardingStage.Suspended,
    ];

    public static readonly IReadOnlyList<Rule> All =
    [
        new(OnboardingAction.Register, [OnboardingStage.None], OnboardingStage.Registered, [ApiRole.TenantAdmin, ApiRole.ServiceOwner]),
        new(OnboardingAction.InitialiseProject, [OnboardingStage.Registered], OnboardingStage.ProjectInitialised, [ApiRole.ServiceOwner]),
        new(OnboardingAction.StartChecklist, [OnboardingStage.ProjectInitialised], OnboardingStage.ChecklistInProgress, [ApiRole.TenantAdmin]),
        new(OnboardingAction.SubmitForCheck, [OnboardingStage.ChecklistInProgress], OnboardingStage.TechnicalCheck, [ApiRole.TenantAdmin]),
        new(OnboardingAction.FailCheck, [OnboardingStage.TechnicalCheck], OnboardingStage.ChecklistInProgress, [ApiRole.ServiceOwner]),
        new(OnboardingAction.Release, [OnboardingStage.TechnicalCheck], OnboardingStage.Released, [ApiRole.ServiceOwner]),
        new(OnboardingAction.Activate, [OnboardingStage.Released], OnboardingStage.Active, [ApiRole.Operations]),
        new(OnboardingAction.Suspend, [OnboardingStage.Active], OnboardingStage.Suspended, [ApiRole.ServiceOwner, ApiRole.Operations]),
        new(OnboardingAction.Resume, [OnboardingStage.Suspended], OnboardingStage.Active, [ApiRole.Operations]),
        new(OnboardingAction.Offboard, Live, OnboardingStage.Offboarded, [ApiRole.ServiceOwner]),
    ];

    public static Rule For(OnboardingAction action) => All.Single(r => r.Action == action);

    public static IReadOnlyList<OnboardingOption> From(OnboardingStage stage) =>
        All.Where(r => r.From.Contains(stage)).Select(r => new OnboardingOption { Action = r.Action, To = r.To, Roles = r.Roles }).ToList();

    public sealed record Rule(OnboardingAction Action, IReadOnlyList<OnboardingStage> From, OnboardingStage To, IReadOnlyList<ApiRole> Roles);
}
