using Microsoft.Extensions.Options;
using Smgw.Interfaces.Mailboxes;
using Smgw.Interfaces.Models;

namespace Smgw.Silo.Checks;

/// <summary>
/// CL-10 (passive mailboxes deleted): lists every mailbox of the tenant without traffic for
/// <see cref="ChecksOptions.PassiveMailboxAfter"/> (counted from its last message, or from its
/// registration when it never had one); passes when there is none. Deletion is
/// <c>DELETE /api/mailboxes/{address}</c>, audited.
/// </summary>
public sealed class PassiveMailboxCheck(IGrainFactory grains, IOptions<ChecksOptions> options, TimeProvider time)
{
    public async Task<TransportCheckResult> RunAsync(TenantConfig tenant)
    {
        var index = grains.GetGrain<ITenantMailboxesGrain>(tenant.Id);
        var mailboxes = await index.ListAsync();
        var passive = Passive(mailboxes, time.GetUtcNow(), options.Value.PassiveMailboxAfter);
        var findings = passive.Select(m =>
            $"{m.Address}: no traffic since {(m.LastTrafficUtc is null ? "it was registered on " : "")}{m.IdleSince:yyyy-MM-dd HH:mm} UTC "
            + $"(limit {Describe(options.Value.PassiveMailboxAfter)}): delete it (DELETE /api/mailboxes/{m.Address}) if it is no longer used").ToList();
        var deletions = (await index.GetDeletionsAsync()).Count;
        findings.Add($"{mailboxes.Count} mailbox(es), {passive.Count} without traffic for {Describe(options.Value.PassiveMailboxAfter)}; {deletions} deletion(s) audited");
        return new TransportCheckResult("CL-10", string.Join(", ", tenant.Domains), passive.Count == 0, findings, null, null, null, null, null, null);
    }

    /// <summary>The mailboxes idle for at least <paramref name="limit"/> at <paramref name="now"/>, longest idle first.</summary>
    public static IReadOnlyList<MailboxActivity> Passive(IEnumerable<MailboxActivity> mailboxes, DateTimeOffset now, TimeSpan limit) =>
        mailboxes.Where(m => now - m.IdleSince >= limit).OrderBy(m => m.IdleSince).ThenBy(m => m.Address, StringComparer.Ordinal).ToList();

    public static string Describe(TimeSpan limit) =>
        limit.Ticks % TimeSpan.TicksPerDay == 0 ? $"{limit.TotalDays:0} days" : limit.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
