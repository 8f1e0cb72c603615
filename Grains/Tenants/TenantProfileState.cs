using Smgw.Interfaces.Tenants;

namespace Smgw.Grains.Tenants;

[GenerateSerializer, Alias("smgw.TenantProfileState")]
public sealed class TenantProfileState
{
    [Id(0)] public TenantContacts? Contacts { get; set; }
    [Id(1)] public List<TenantDocument> Documents { get; set; } = [];
    // [Id(2)] was the mailbox index, now in ITenantMailboxesGrain.
    [Id(3)] public List<string> Groups { get; set; } = [];
    /// <summary>Reminder key → when it was last mailed.</summary>
    [Id(4)] public Dictionary<string, DateTimeOffset> RemindersSent { get; set; } = new(StringComparer.Ordinal);
}
