using Smgw.Silo.Reminders;

namespace Smgw.Silo.Api;

/// <summary>What is waiting on someone: expiring certificates and checklist items (a tenant admin: own tenant).</summary>
public static class RemindersApi
{
    public static RouteGroupBuilder MapRemindersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reminders", async (HttpContext http, ReminderCollector collector) =>
        {
            var principal = ApiAccess.PrincipalOf(http);
            return Results.Ok(await collector.CollectAsync(principal.MayAccessTenant));
        });
        return api;
    }
}
