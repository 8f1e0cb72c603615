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

    private OnboardingStatus Status() => new()
    {
        TenantId = TenantId,
        Stage = state.State.Stage,
        Audit = state.State.Audit.ToList(),
        Next = OnboardingRules.From(state.State.Stage),
    };
}
