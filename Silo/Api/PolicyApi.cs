using Smgw.Crypto.Certificates;
using Smgw.Grains.Policy;
using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// Encryption policy (issue B): the gateway-wide catalog (policy definitions and the standard
/// rules; service owner and operations), a tenant's policy settings (its admins too), and the dry
/// run: what the gateway would do with a message from X to Y, with the decision trace — nothing is sent.
/// </summary>
public static class PolicyApi
{
    private static readonly ApiRole[] Staff = [ApiRole.ServiceOwner, ApiRole.Operations];

    /// <summary><paramref name="Bcc"/>: recipients no To/Cc header names (they get a copy of their own when it is encrypted).</summary>
    public sealed record DryRunRequest(MailDirection Direction, string TenantId, string Sender, IReadOnlyList<string> Recipients, IReadOnlyList<string>? Bcc = null);

    public sealed record DryRunResponse(PolicyDecision Decision, string Text);

    public static RouteGroupBuilder MapPolicyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/policy/catalog", async (IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IPolicyCatalogGrain>(IPolicyCatalogGrain.DefaultKey).GetAsync()));

        api.MapPut("/policy/catalog", (PolicyCatalog body, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Access.Require(http, Staff)
            ?? Results.Ok(await grains.GetGrain<IPolicyCatalogGrain>(IPolicyCatalogGrain.DefaultKey).SetAsync(body))));

        api.MapGet("/tenants/{tenant}/policy", async (string tenant, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, tenant)
            ?? Results.Ok(await grains.GetGrain<ITenantPolicyGrain>(tenant).GetAsync()));

        api.MapPut("/tenants/{tenant}/policy", (string tenant, TenantPolicyConfig body, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Access.RequireTenant(http, tenant)
            ?? Results.Ok(await grains.GetGrain<ITenantPolicyGrain>(tenant).SetAsync(body))));

        api.MapPost("/policy/dry-run", (DryRunRequest body, HttpContext http, PolicyContextLoader loader, KeyRevocation revocation, KeyCache keyCache, TimeProvider time) => Guard(async () =>
        {
            if (string.IsNullOrWhiteSpace(body.TenantId))
            {
                return Results.Problem(title: "Invalid input", detail: "tenantId: missing", statusCode: 400);
            }
            if (body.Recipients is not { Count: > 0 })
            {
                return Results.Problem(title: "Invalid input", detail: "recipients: at least one", statusCode: 400);
            }
            if (Access.RequireTenant(http, body.TenantId) is { } refused)
            {
                return refused;
            }
            var message = PolicyMessage.DryRun(body.Direction, body.TenantId, body.Sender ?? "", [.. body.Recipients]) with { Hidden = body.Bcc ?? [] };
            var context = await loader.LoadAsync(message, fresh: true);
            var revoked = await revocation.CheckAsync(context, http.RequestAborted);
            var decision = await Task.Run(() =>
            {
                using var keys = ResolvedKeys.Resolve(context, new CertificateValidator(time), revoked, time, keyCache);
                return PolicyEngine.Decide(message, context.Policies, keys.Directory);
            });
            return Results.Ok(new DryRunResponse(decision, PolicyDecisionText.Render(decision)));
        }));

        return api;
    }
}
