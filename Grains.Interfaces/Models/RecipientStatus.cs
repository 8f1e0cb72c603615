namespace Smgw.Interfaces.Models;

/// <summary>Where one recipient of a queued message stands.</summary>
[GenerateSerializer, Immutable, Alias("smgw.RecipientStatus")]
public sealed record RecipientStatus
{
    [Id(0)] public required string Address { get; init; }
    [Id(1)] public RecipientState State { get; init; }
    [Id(2)] public int Attempts { get; init; }
    /// <summary>The last reply or reason, e.g. "250 2.0.0 Ok" or "connect to mx: refused".</summary>
    [Id(3)] public string LastResponse { get; init; } = "";
    [Id(4)] public DateTimeOffset? NextAttemptUtc { get; init; }
    [Id(5)] public DateTimeOffset? LastAttemptUtc { get; init; }
    /// <summary>The host that answered last, for the DSN's Remote-MTA.</summary>
    [Id(6)] public string? RemoteMta { get; init; }
    /// <summary>RFC 3463 enhanced status of the last outcome, e.g. "5.1.1".</summary>
    [Id(7)] public string? Status { get; init; }

    public bool IsFinal => State is RecipientState.Delivered or RecipientState.Bounced or RecipientState.Deleted;
}
