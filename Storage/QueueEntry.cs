namespace Smgw.Storage;

/// <summary>A row of the message store as the queue view lists it (no body).</summary>
public sealed record QueueEntry(
    string QueueId,
    DateTimeOffset Received,
    int Direction,
    string TenantId,
    string Sender,
    int Recipients,
    long Size,
    bool Completed,
    DateTimeOffset NextAttempt)
{
    /// <summary>Every open recipient is quarantined: the message is held (<see cref="MessageStore.Held"/>) until an operator acts.</summary>
    public bool Quarantined => !Completed && NextAttempt >= MessageStore.Held.AddSeconds(-1);
}
