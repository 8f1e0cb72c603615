using Smgw.Interfaces.Onboarding;
using Smgw.Silo.TenantData;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>The onboarding workflow (ON-1 … ON-6): its stage, audit trail, role-checked transitions, and the checklist CL-1 … CL-18.</summary>
public static class OnboardingApi
{
    public sealed record TransitionRequest(string? Comment);

    public static RouteGroupBuilder MapOnboardingApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{id}/onboarding", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, id) ?? Results.Ok(await grains.GetGrain<IOnboardingGrain>(id).GetStatusAsync()));

        api.MapPost("/tenants/{id}/onboarding/{action}", (string id, string action, TransitionRequest? body, HttpContext http, IGrainFactory grains, TenantOffboarding offboarding) => Guard(async () =>
        {
            if (!Enum.TryParse<OnboardingAction>(action, ignoreCase: true, out var parsed) || int.TryParse(action, out _))
            {
                return Results.Problem(title: "Invalid input",
                    detail: $"action '{action}' is not one of {string.Join(", ", Enum.GetNames<OnboardingAction>())}.", statusCode: 400);
            }
            var status = await grains.GetGrain<IOnboardingGrain>(id).TransitionAsync(parsed, ApiAccess.PrincipalOf(http), body?.Comment ?? "");
            if (parsed == OnboardingAction.Offboard)
            {
                // Export, then delete (audited); the export stays for the service owner: GET /api/tenants/{id}/export.
                await offboarding.ExportAndDeleteAsync(id, ApiAccess.PrincipalOf(http), http.RequestAborted);
                status = await grains.GetGrain<IOnboardingGrain>(id).GetStatusAsync();
            }
            return Results.Ok(status);
        }));
        api.MapGet("/tenants/{id}/checklist", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, id) ?? Results.Ok(await grains.GetGrain<IOnboardingGrain>(id).GetChecklistAsync()));

        api.MapPut("/tenants/{id}/checklist/{item}", (string id, string item, ChecklistUpdate update, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Results.Ok(await grains.GetGrain<IOnboardingGrain>(id).UpdateChecklistItemAsync(item, update, ApiAccess.PrincipalOf(http)))));
        return api;
    }
}
