using Smgw.Interfaces.Access;

namespace Smgw.Interfaces.Onboarding;

/// <summary>The onboarding workflow of one tenant; key: tenant id. Every transition is role-checked and audited.</summary>
[Alias("smgw.IOnboardingGrain")]
public interface IOnboardingGrain : IGrainWithStringKey
{
    [Alias("Status")] Task<OnboardingStatus> GetStatusAsync();

    /// <summary>
    /// Takes <paramref name="action"/> as <paramref name="actor"/>: <see cref="UnauthorizedAccessException"/> when the
    /// actor's role may not, <see cref="InvalidOperationException"/> when the stage does not allow it.
    /// </summary>
    [Alias("Transition")] Task<OnboardingStatus> TransitionAsync(OnboardingAction action, ApiPrincipal actor, string comment);
}
