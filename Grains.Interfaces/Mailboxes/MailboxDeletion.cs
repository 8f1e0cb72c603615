namespace Smgw.Interfaces.Mailboxes;

/// <summary>The audit record of one deleted mailbox (CL-10): who, when, why, and its last traffic.</summary>
[GenerateSerializer, Immutable, Alias("smgw.mailboxes.MailboxDeletion")]
public sealed record MailboxDeletion
{
    [Id(0)] public string Address { get; init; } = "";
    [Id(1)] public DateTimeOffset DeletedUtc { get; init; }
    [Id(2)] public string DeletedBy { get; init; } = "";
    [Id(3)] public string Reason { get; init; } = "";
    [Id(4)] public DateTimeOffset? LastTrafficUtc { get; init; }
}
