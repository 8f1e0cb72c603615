using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Onboarding;
using Smgw.Silo.Checks;

namespace Smgw.Silo.Api;

/// <summary>
/// The technical checks the gateway runs itself (ON-4). Each answers pass/fail with reasons and,
/// while the tenant is onboarding, records the result on its checklist item.
/// </summary>
public static class ChecksApi
{
    public static RouteGroupBuilder MapChecksApi(this RouteGroupBuilder api)
    {
        api.MapPost("/tenants/{id}/checks/CL-2", async (string id, HttpContext http, IGrainFactory grains, TransportSecurityCheck check,
            Microsoft.Extensions.Options.IOptions<Smgw.Grains.Delivery.DeliveryOptions> delivery, CancellationToken ct) =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner, ApiRole.Operations) is { } refused)
            {
                return refused;
            }
            if (await grains.GetGrain<ITenantGrain>(id).GetAsync() is not { } tenant)
            {
                return Results.Problem(title: "Not found", detail: $"tenant '{id}' does not exist", statusCode: 404);
            }
            var result = await check.RunAsync(tenant.InternalServer, delivery.Value.Hostname, ct);
            var onboarding = grains.GetGrain<IOnboardingGrain>(id);
            if ((await onboarding.GetStatusAsync()).Stage is not (OnboardingStage.None or OnboardingStage.Offboarded))
            {
                await onboarding.UpdateChecklistItemAsync("CL-2", new ChecklistUpdate
                {
                    State = result.Passed ? ChecklistItemState.Done : ChecklistItemState.Failed,
                    Evidence = $"gateway check of {result.Server}: {string.Join("; ", result.Findings)}",
                    Note = result.Passed ? "" : result.Findings[0],
                }, ApiAccess.PrincipalOf(http) is var who ? who with { Name = $"gateway check (run by {who.Name})", Role = ApiRole.ServiceOwner } : who);
            }
            return Results.Ok(result);
        });
        return api;
    }
}
