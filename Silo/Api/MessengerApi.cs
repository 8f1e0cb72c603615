using Smgw.Interfaces.Access;
using Smgw.Interfaces.Messenger;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// A tenant's Messenger settings (CL-13 password deposit, CL-14 notification texts, verification,
/// retention) for its administrators and the service owner, and the audited password deposit.
/// </summary>
public static class MessengerApi
{
    public sealed record PasswordDeposit(string? Password);

    public static RouteGroupBuilder MapMessengerApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{id}/messenger", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, id) ?? Results.Ok(await grains.GetGrain<ITenantMessengerGrain>(id).GetAsync()));

        api.MapPut("/tenants/{id}/messenger", (string id, MessengerSettings settings, HttpContext http, IGrainFactory grains) =>
            Denied(http, id) is { } denied
                ? Task.FromResult(denied)
                : Guard(async () => Results.Ok(await grains.GetGrain<ITenantMessengerGrain>(id).SetAsync(settings))));

        api.MapPut("/tenants/{id}/messenger/accounts/{address}/password", (string id, string address, PasswordDeposit body, HttpContext http, IGrainFactory grains) =>
        {
            if (Denied(http, id) is { } denied)
            {
                return Task.FromResult(denied);
            }
            return Guard(async () =>
            {
                var principal = ApiAccess.PrincipalOf(http);
                await grains.GetGrain<IMessengerAccountGrain>(MessengerTokens.Address(address))
                    .DepositPasswordAsync(id, body.Password ?? "", $"{principal.Name} ({principal.Role})");
                return Results.NoContent();
            });
        });
        return api;
    }

    /// <summary>Changes are for the tenant's own administrators and the service owner (not operations).</summary>
    private static IResult? Denied(HttpContext http, string tenantId) =>
        Access.Require(http, ApiRole.ServiceOwner, ApiRole.TenantAdmin) ?? Access.RequireTenant(http, tenantId);
}
