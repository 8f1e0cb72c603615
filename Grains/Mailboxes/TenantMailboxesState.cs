using Smgw.Interfaces.Mailboxes;

namespace Smgw.Grains.Mailboxes;

[GenerateSerializer, Alias("smgw.TenantMailboxesState")]
public sealed class TenantMailboxesState
{
    /// <summary>Key: lower-case address.</summary>
    [Id(0)] public Dictionary<string, MailboxActivity> Mailboxes { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public List<MailboxDeletion> Deletions { get; set; } = [];
}
