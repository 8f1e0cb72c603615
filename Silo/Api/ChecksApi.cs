using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Onboarding;
using Smgw.Silo.Checks;

namespace Smgw.Silo.Api;

/// <summary>
/// The technical checks the gateway runs itself (ON-4). Each answers pass/fail with reasons and,
/// while the tenant is onboarding, records the result on its checklist item(s).
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

        // CL-4 (trust center for the organisation certificate) follows from the CL-5 check; both items are recorded.
        foreach (var item in new[] { "CL-4", "CL-5" })
        {
            api.MapPost($"/tenants/{{id}}/checks/{item}", (string id, HttpContext http, IGrainFactory grains, OrganisationCertificateCheck check) =>
                RunAsync(id, http, grains, check.RunAsync, (g, t, r) => TrustCenterChosenAsync("CL-4", g, t, r)));
        }

        api.MapPost("/tenants/{id}/checks/CL-9", (string id, HttpContext http, IGrainFactory grains, AddressListCheck check) =>
            RunAsync(id, http, grains, check.RunAsync));

        api.MapPost("/tenants/{id}/checks/CL-10", (string id, HttpContext http, IGrainFactory grains, PassiveMailboxCheck check) =>
            RunAsync(id, http, grains, check.RunAsync));

        api.MapPost("/tenants/{id}/checks/CL-18", (string id, HttpContext http, IGrainFactory grains, PublicationCheck check, CancellationToken ct) =>
            RunAsync(id, http, grains, tenant => check.RunAsync(tenant, ct)));

        // CL-6 (trust center for the TLS certificate) and CL-7 (TLS certificate) are one check; both items are recorded.
        foreach (var item in new[] { "CL-6", "CL-7" })
        {
            api.MapPost($"/tenants/{{id}}/checks/{item}", (string id, HttpContext http, IGrainFactory grains, TlsCertificateCheck check, CancellationToken ct) =>
                RunAsync(id, http, grains, tenant => check.RunAsync(tenant, ct), (g, t, r) => TrustCenterChosenAsync("CL-6", g, t, r)));
        }
        return api;
    }

    /// <summary>CL-4 or CL-6 as it follows from the CL-5 or CL-7 check: the tenant's trust anchors are set.</summary>
    private static async Task<TransportCheckResult> TrustCenterChosenAsync(string item, IGrainFactory grains, TenantConfig tenant, TransportCheckResult certificate)
    {
        var anchors = await grains.GetGrain<ITrustAnchorsGrain>(tenant.Id).GetAsync();
        return anchors.Count == 0
            ? new TransportCheckResult(item, certificate.Server, false, [TlsCertificateCheck.NoTrustAnchors], null, null, null, null, null, null)
            : new TransportCheckResult(item, certificate.Server, true, [$"trust center chosen: {anchors.Count} trust anchor(s) set"], null, null, null, null, null, null);
    }

    /// <summary>Runs a check for a tenant (staff only) and records the outcome on its checklist item(s) while it is onboarding.</summary>
    private static async Task<IResult> RunAsync(string id, HttpContext http, IGrainFactory grains, Func<TenantConfig, Task<TransportCheckResult>> check,
        Func<IGrainFactory, TenantConfig, TransportCheckResult, Task<TransportCheckResult>>? related = null)
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
            await RecordAsync(onboarding, http, result);
            if (related is not null)
            {
                await RecordAsync(onboarding, http, await related(grains, tenant, result));
            }
        }
        return Results.Ok(result);
    }

    private static async Task RecordAsync(IOnboardingGrain onboarding, HttpContext http, TransportCheckResult result)
    {
        var who = ApiAccess.PrincipalOf(http);
        await onboarding.UpdateChecklistItemAsync(result.Item, new ChecklistUpdate
        {
            State = result.Passed ? ChecklistItemState.Done : ChecklistItemState.Failed,
            Evidence = $"gateway check of {result.Server}: {string.Join("; ", result.Findings)}",
            Note = result.Passed ? "" : result.Findings.FirstOrDefault(f => !f.Contains("SPF \"", StringComparison.Ordinal)) ?? "",
        }, who with { Name = $"gateway check (run by {who.Name})", Role = ApiRole.ServiceOwner });
    }
}
