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

    /// <summary>The checklist CL-1 … CL-18 with each item's owner, state and evidence.</summary>
    [Alias("Checklist")] Task<IReadOnlyList<ChecklistItem>> GetChecklistAsync();

    /// <summary>
    /// Updates one item as <paramref name="actor"/> (its owner role, or the service owner):
    /// <see cref="UnauthorizedAccessException"/> for anyone else, <see cref="ArgumentException"/> for an
    /// unknown item or a state the item cannot take.
    /// </summary>
    [Alias("UpdateItem")] Task<ChecklistItem> UpdateChecklistItemAsync(string item, ChecklistUpdate update, ApiPrincipal actor);

    /// <summary>
    /// Adds an audit entry for something done to an offboarded tenant (its export, the deletion of
    /// its data) without changing the stage; refused unless the tenant is offboarded.
    /// </summary>
    [Alias("AuditOffboarded")] Task<OnboardingStatus> AuditOffboardedAsync(ApiPrincipal actor, string comment);
}
