namespace Smgw.Interfaces.Onboarding;

/// <summary>The transitions of the onboarding workflow; each has owner roles (see the grain's rules).</summary>
[GenerateSerializer, Alias("smgw.OnboardingAction")]
public enum OnboardingAction
{
    Register = 0,
    InitialiseProject = 1,
    StartChecklist = 2,
    SubmitForCheck = 3,
    FailCheck = 4,
    Release = 5,
    Activate = 6,
    Suspend = 7,
    Resume = 8,
    Offboard = 9,
}
