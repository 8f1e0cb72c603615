namespace Smgw.Interfaces.Onboarding;

/// <summary>Where a tenant stands in the seed's onboarding (ON-1 … ON-6), plus suspension and offboarding.</summary>
[GenerateSerializer, Alias("smgw.OnboardingStage")]
public enum OnboardingStage
{
    /// <summary>Known to the gateway, not registered yet.</summary>
    None = 0,
    /// <summary>ON-1: the authority registered.</summary>
    Registered = 1,
    /// <summary>ON-2: the service owner opened the project and sent the documents.</summary>
    ProjectInitialised = 2,
    /// <summary>ON-3: the tenant works through the checklist.</summary>
    ChecklistInProgress = 3,
    /// <summary>ON-4: the service owner checks the technical prerequisites.</summary>
    TechnicalCheck = 4,
    /// <summary>ON-5: released as tenant.</summary>
    Released = 5,
    /// <summary>ON-6: operations activated the connection; the tenant is an active user.</summary>
    Active = 6,
    Suspended = 7,
    Offboarded = 8,
}
