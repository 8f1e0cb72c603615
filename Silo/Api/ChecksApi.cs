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
        api.MapPost("/tenants/{id}/checks/CL-2", (string id, HttpContext http, IGrainFactory grains, TransportSecurityCheck check,
            Microsoft.Extensions.Options.IOptions<Smgw.Grains.Delivery.DeliveryOptions> delivery, CancellationToken ct) =>
            RunAsync(id, http, grains, tenant => check.RunAsync(tenant.InternalServer, delivery.Value.Hostname, ct)));

        api.MapPost("/tenants/{id}/checks/CL-3", (string id, HttpContext http, IGrainFactory grains, SpoofingCheck check, CancellationToken ct) =>
            RunAsync(id, http, grains, tenant => check.RunAsync(tenant, ct)));

        api.MapPost("/tenants/{id}/checks/CL-5", (string id, HttpContext http, IGrainFactory grains, OrganisationCertificateCheck check) =>
            RunAsync(id, http, grains, check.RunAsync));
        return api;
    }

    /// <summary>Runs a check for a tenant (staff only) and records the outcome on its checklist item while it is onboarding.</summary>
    private static async Task<IResult> RunAsync(string id, HttpContext http, IGrainFactory grains, Func<Smgw.Interfaces.Models.TenantConfig, Task<TransportCheckResult>> check)
    {
        if (Access.Require(http, ApiRole.ServiceOwner, ApiRole.Operations) is { } refused)
        {
            return refused;
        }
        if (await grains.GetGrain<ITenantGrain>(id).GetAsync() is not { } tenant)
        {
            return Results.Problem(title: "Not found", detail: $"tenant '{id}' does not exist", statusCode: 404);
        }
        var result = await check(tenant);
        var onboarding = grains.GetGrain<IOnboardingGrain>(id);
        if ((await onboarding.GetStatusAsync()).Stage is not (OnboardingStage.None or OnboardingStage.Offboarded))
        {
            var who = ApiAccess.PrincipalOf(http);
            await onboarding.UpdateChecklistItemAsync(result.Item, new ChecklistUpdate
            {
                State = result.Passed ? ChecklistItemState.Done : ChecklistItemState.Failed,
                Evidence = $"gateway check of {result.Server}: {string.Join("; ", result.Findings)}",
                Note = result.Passed ? "" : result.Findings.FirstOrDefault(f => !f.Contains("SPF \"", StringComparison.Ordinal)) ?? "",
            }, who with { Name = $"gateway check (run by {who.Name})", Role = ApiRole.ServiceOwner });
        }
        return Results.Ok(result);
    }
}
