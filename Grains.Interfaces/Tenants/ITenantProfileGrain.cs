namespace Smgw.Interfaces.Tenants;

/// <summary>
/// A tenant's onboarding data that is not technical configuration: contacts and language (CL-15),
/// documents and links (CL-16, CL-17), the index of its groups (CL-11; mailboxes: ITenantMailboxesGrain), and
/// which reminder mails were sent when. Key: tenant id.
/// </summary>
[Alias("smgw.ITenantProfileGrain")]
public interface ITenantProfileGrain : IGrainWithStringKey
{
    [Alias("Records")] Task<TenantRecords> GetAsync();

    /// <summary>Replaces language and contacts; <see cref="ArgumentException"/> naming the field for bad input.</summary>
    [Alias("SetContacts")] Task<TenantContacts> SetContactsAsync(TenantContacts contacts);

    /// <summary>Adds or replaces a document's metadata (the bytes are in <see cref="ITenantDocumentGrain"/>).</summary>
    [Alias("PutDocument")] Task<TenantDocument> PutDocumentAsync(TenantDocument document);

    [Alias("RemoveDocument")] Task<bool> RemoveDocumentAsync(string item, string name);

    [Alias("IndexGroup")] Task IndexGroupAsync(string name, bool present);

    /// <summary>
    /// Claims the reminders not mailed within <paramref name="period"/> (at most once per key and
    /// period, durable): returns the keys the caller is now to mail. Concurrent callers (one per
    /// silo) never get the same key twice.
    /// </summary>
    [Alias("ClaimReminders")] Task<IReadOnlyList<string>> ClaimRemindersAsync(IReadOnlyList<string> keys, TimeSpan period);

    /// <summary>Gives claims back (the mail could not be queued), so the next round tries again.</summary>
    [Alias("ReleaseReminders")] Task ReleaseRemindersAsync(IReadOnlyList<string> keys);

    /// <summary>Deletes everything (offboarding).</summary>
    [Alias("Clear")] Task ClearAsync();
}
