namespace Smgw.Interfaces.Mailboxes;

/// <summary>One mailbox of a tenant: since when the gateway knows it, and when mail last went from or to it.</summary>
[GenerateSerializer, Immutable, Alias("smgw.mailboxes.MailboxActivity")]
public sealed record MailboxActivity
{
    [Id(0)] public string Address { get; init; } = "";
    [Id(1)] public DateTimeOffset RegisteredUtc { get; init; }
    /// <summary>Null: no traffic seen since the mailbox was registered.</summary>
    [Id(2)] public DateTimeOffset? LastTrafficUtc { get; init; }

    /// <summary>The moment from which the mailbox counts as idle.</summary>
    public DateTimeOffset IdleSince => LastTrafficUtc ?? RegisteredUtc;
}
