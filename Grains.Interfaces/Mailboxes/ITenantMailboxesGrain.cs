namespace Smgw.Interfaces.Mailboxes;

/// <summary>
/// The mailboxes of one tenant with their last traffic (CL-9, CL-10), and the audit of deleted
/// mailboxes; key: tenant id. Traffic arrives in batches from each silo's in-memory
/// <c>MailboxTraffic</c>, never per message.
/// </summary>
[Alias("smgw.ITenantMailboxesGrain")]
public interface ITenantMailboxesGrain : IGrainWithStringKey
{
    /// <summary>Called by the mailbox grain when a mailbox of this tenant is configured.</summary>
    [Alias("Register")] Task RegisterAsync(string address);

    /// <summary>Called by the mailbox grain when a mailbox leaves this tenant (moved or deleted) without an audited deletion.</summary>
    [Alias("Unregister")] Task UnregisterAsync(string address);

    /// <summary>Last-seen times of addresses (any case); those that are no mailbox of this tenant are ignored. One state write per batch.</summary>
    [Alias("RecordTraffic")] Task RecordTrafficAsync(IReadOnlyDictionary<string, DateTimeOffset> lastSeen);

    [Alias("List")] Task<IReadOnlyList<MailboxActivity>> ListAsync();

    /// <summary>Records an audited deletion (the caller removes the mailbox itself).</summary>
    [Alias("RecordDeletion")] Task<MailboxDeletion> RecordDeletionAsync(string address, string deletedBy, string reason);

    [Alias("Deletions")] Task<IReadOnlyList<MailboxDeletion>> GetDeletionsAsync();

    /// <summary>Forgets everything, the deletion audit included (offboarding, after the export kept it).</summary>
    [Alias("Clear")] Task ClearAsync();
}
