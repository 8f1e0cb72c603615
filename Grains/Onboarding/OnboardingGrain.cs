using Microsoft.Extensions.Logging;
using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Onboarding;

namespace Smgw.Grains.Onboarding;

public sealed class OnboardingGrain(
    [PersistentState(StorageNames.OnboardingState, StorageNames.Grains)] IPersistentState<OnboardingState> state,
    TimeProvider time,
    ILogger<OnboardingGrain> logger) : Grain, IOnboardingGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public Task<OnboardingStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<OnboardingStatus> TransitionAsync(OnboardingAction action, ApiPrincipal actor, string comment)
    {
        var rule = OnboardingRules.For(action);
        if (!rule.Roles.Contains(actor.Role) || !actor.MayAccessTenant(TenantId))
        {
            throw new UnauthorizedAccessException(
                $"{action} is for {string.Join(" or ", rule.Roles)}{(rule.Roles.Contains(ApiRole.TenantAdmin) ? $" (of tenant {TenantId})" : "")}, not for {actor.Role} {actor.Name}.");
        }
        var from = state.State.Stage;
        if (!rule.From.Contains(from))
        {
            throw new InvalidOperationException(
                $"{action} is not possible in stage {from}; possible: {string.Join(", ", OnboardingRules.From(from).Select(o => o.Action))}.");
        }
        if (action == OnboardingAction.FailCheck && string.IsNullOrWhiteSpace(comment))
        {
            throw new ArgumentException("comment: a failed technical check needs the reasons (they go back to the tenant).");
        }
        if (action == OnboardingAction.Release && Checklist().Where(i => !i.Satisfied).ToList() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException(
                "Release is blocked while checklist items are not met: " +
                string.Join("; ", missing.Select(i => $"{i.Id} {i.State}{(i.Note.Length > 0 ? $" ({i.Note})" : "")}")) + ".");
        }

        state.State.Stage = rule.To;
        state.State.Audit.Add(new AuditEntry
        {
            When = time.GetUtcNow(),
            Who = actor.Name,
            Role = actor.Role,
            Action = action,
            From = from,
            To = rule.To,
            Comment = comment,
        });
        await state.WriteStateAsync();
        logger.LogInformation("Tenant {TenantId}: {Action} by {Who} ({Role}): {From} -> {To}", TenantId, action, actor.Name, actor.Role, from, rule.To);
        return Status();
    }

    public Task<IReadOnlyList<ChecklistItem>> GetChecklistAsync() => Task.FromResult<IReadOnlyList<ChecklistItem>>(Checklist());

    public async Task<ChecklistItem> UpdateChecklistItemAsync(string item, ChecklistUpdate update, ApiPrincipal actor)
    {
        var definition = ChecklistCatalog.Find(item)
            ?? throw new ArgumentException($"item: '{item}' is not a checklist item (CL-1 … CL-18).");
        if (!actor.MayAccessTenant(TenantId) || (actor.Role != definition.Owner && actor.Role != ApiRole.ServiceOwner))
        {
            throw new UnauthorizedAccessException($"{definition.Id} belongs to {definition.Owner}; {actor.Name} is {actor.Role}.");
        }
        if (state.State.Stage is OnboardingStage.None or OnboardingStage.Offboarded)
        {
            throw new InvalidOperationException($"The checklist cannot change in stage {state.State.Stage}.");
        }
        if (update.State == ChecklistItemState.NotApplicable && !definition.Optional)
        {
            throw new ArgumentException($"state: {definition.Id} is required; only the seed's \"if yes\" items can be not applicable.");
        }
        if (update.State == ChecklistItemState.Failed && string.IsNullOrWhiteSpace(update.Note))
        {
            throw new ArgumentException("note: a failed item needs the reason.");
        }
        var changed = definition with
        {
            State = update.State,
            Evidence = update.Evidence.Trim(),
            Note = update.Note.Trim(),
            UpdatedBy = actor.Name,
            UpdatedAt = time.GetUtcNow(),
        };
        state.State.Checklist[definition.Id] = changed;
        await state.WriteStateAsync();
        logger.LogInformation("Tenant {TenantId}: {Item} set to {State} by {Who} ({Role})", TenantId, definition.Id, update.State, actor.Name, actor.Role);
        return changed;
    }

    public async Task<OnboardingStatus> AuditOffboardedAsync(ApiPrincipal actor, string comment)
    {
        if (state.State.Stage != OnboardingStage.Offboarded)
        {
            throw new InvalidOperationException($"Tenant {TenantId} is not offboarded (stage {state.State.Stage}).");
        }
        state.State.Audit.Add(new AuditEntry
        {
            When = time.GetUtcNow(),
            Who = actor.Name,
            Role = actor.Role,
            Action = OnboardingAction.Offboard,
            From = OnboardingStage.Offboarded,
            To = OnboardingStage.Offboarded,
            Comment = comment,
        });
        await state.WriteStateAsync();
        logger.LogInformation("Tenant {TenantId}: {Comment} by {Who} ({Role})", TenantId, comment, actor.Name, actor.Role);
        return Status();
    }

    /// <summary>The catalogue's items (titles and owners as defined now) with the recorded state.</summary>
    private List<ChecklistItem> Checklist() =>
        ChecklistCatalog.Items.Select(i => state.State.Checklist.GetValueOrDefault(i.Id) is { } s
            ? i with { State = s.State, Evidence = s.Evidence, Note = s.Note, UpdatedBy = s.UpdatedBy, UpdatedAt = s.UpdatedAt }
            : i).ToList();

    private OnboardingStatus Status() => new()
    {
        TenantId = TenantId,
        Stage = state.State.Stage,
        Audit = state.State.Audit.ToList(),
        Next = OnboardingRules.From(state.State.Stage),
    };
}
