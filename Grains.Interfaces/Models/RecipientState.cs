namespace Smgw.Interfaces.Models;

[GenerateSerializer, Alias("smgw.RecipientState")]
public enum RecipientState
{
    Pending = 0,
    Deferred = 1,
    Delivered = 2,
    Bounced = 3,
    Deleted = 4,
    /// <summary>
    /// The workflow failed for this recipient again and again (or past the queue lifetime) with an
    /// error of the gateway's own: held with the reason until an operator releases, retries or deletes it.
    /// </summary>
    Quarantined = 5,
}
