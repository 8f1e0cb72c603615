using Smgw.Interfaces.Models;

namespace Smgw.Interfaces;

/// <summary>
/// The durable workflow of one accepted message; key: its queue id. The body lives in the message
/// store; the grain holds the envelope and the per-recipient outcome.
/// </summary>
[Alias("smgw.IMessageGrain")]
public interface IMessageGrain : IGrainWithStringKey
{
    /// <summary>Records the envelope durably and schedules processing. Idempotent for the same envelope.</summary>
    [Alias("Accept")] Task AcceptAsync(MessageEnvelope envelope);

    /// <summary>Runs whatever is due (called by the queue manager after a restart or when a retry is due).</summary>
    [Alias("Resume")] Task ResumeAsync();

    [Alias("Status"), Orleans.Concurrency.AlwaysInterleave] Task<MessageStatus> GetStatusAsync();

    /// <summary>Makes every deferred and quarantined recipient due now.</summary>
    [Alias("RetryNow")] Task RetryNowAsync();

    /// <summary>Releases the quarantined recipients (their failure count starts again) and runs them; false when none is quarantined.</summary>
    [Alias("Release")] Task<bool> ReleaseAsync();

    /// <summary>Removes the message from the queue without delivering or bouncing it.</summary>
    [Alias("Delete")] Task DeleteAsync();
}
