using Microsoft.Extensions.Options;
using Smgw.Interfaces;
using Smgw.Interfaces.Mailboxes;
using Smgw.Silo.Checks;

namespace Smgw.Silo.Api;

/// <summary>
/// CL-10: a tenant's mailboxes with their last traffic (and which are passive), audited deletion
/// of a mailbox, and the audit of deletions. A tenant admin sees and deletes only their own.
/// </summary>
public static class MailboxActivityApi
{
    public static RouteGroupBuilder MapMailboxActivityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{id}/mailbox-activity", async (string id, HttpContext http, IGrainFactory grains, IOptions<ChecksOptions> options, TimeProvider time) =>
        {
            if (Access.RequireTenant(http, id) is { } refused)
            {
                return refused;
            }
            var mailboxes = await grains.GetGrain<ITenantMailboxesGrain>(id).ListAsync();
            var passive = PassiveMailboxCheck.Passive(mailboxes, time.GetUtcNow(), options.Value.PassiveMailboxAfter).Select(m => m.Address).ToHashSet();
            return Results.Ok(new
            {
                passiveAfter = PassiveMailboxCheck.Describe(options.Value.PassiveMailboxAfter),
                mailboxes = mailboxes.Select(m => new { m.Address, m.RegisteredUtc, m.LastTrafficUtc, passive = passive.Contains(m.Address) }),
            });
        });

        api.MapGet("/tenants/{id}/mailbox-deletions", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, id) ?? Results.Ok(await grains.GetGrain<ITenantMailboxesGrain>(id).GetDeletionsAsync()));

        api.MapDelete("/mailboxes/{address}", async (string address, string? reason, HttpContext http, IGrainFactory grains) =>
        {
            address = address.Trim().ToLowerInvariant();
            var mailbox = grains.GetGrain<IMailboxGrain>(address);
            if (await mailbox.GetAsync() is not { } config)
            {
                return Results.Problem(title: "Not found", detail: $"mailbox '{address}' does not exist", statusCode: 404);
            }
            if (Access.RequireTenant(http, config.TenantId) is { } refused)
            {
                return refused;
            }
            var who = ApiAccess.PrincipalOf(http);
            var deletion = await grains.GetGrain<ITenantMailboxesGrain>(config.TenantId)
                .RecordDeletionAsync(address, $"{who.Name} ({who.Role})", string.IsNullOrWhiteSpace(reason) ? "passive mailbox (CL-10)" : reason.Trim());
            await mailbox.RemoveAsync();
            return Results.Ok(deletion);
        });
        return api;
    }
}
