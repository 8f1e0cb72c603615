using Smgw.Interfaces.Models;

namespace Smgw.Interfaces.Policy;

/// <summary>
/// The facts about one message the decision depends on: envelope and the protection it already
/// carries. For a dry run ("what would happen to a message from X to Y") build one with
/// <see cref="DryRun"/>; nothing is sent either way, the engine only decides.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.PolicyMessage")]
public sealed record PolicyMessage
{
    /// <summary>The queue id; empty for a dry run.</summary>
    [Id(0)] public string QueueId { get; init; } = "";
    [Id(1)] public MailDirection Direction { get; init; }
    [Id(2)] public string TenantId { get; init; } = "";
    /// <summary>Envelope sender; empty for the null sender.</summary>
    [Id(3)] public string Sender { get; init; } = "";
    [Id(4)] public IReadOnlyList<string> Recipients { get; init; } = [];
    /// <summary>The message is already encrypted (end to end): it is never encrypted again.</summary>
    [Id(5)] public ContentProtection Encrypted { get; init; }
    /// <summary>The message already carries a signature.</summary>
    [Id(6)] public ContentProtection Signed { get; init; }
    /// <summary>
    /// Envelope recipients that no To/Cc header names (Bcc, or an expanded list): an encrypted copy
    /// never carries their recipient info beside anyone else's, so each gets its own.
    /// </summary>
    [Id(7)] public IReadOnlyList<string> Hidden { get; init; } = [];
    /// <summary>
    /// The header From address the reader sees (RFC 5322.From), when the message has exactly one;
    /// "" when it has none or several (then nothing is signed); null when unknown (a dry run: the
    /// envelope sender stands in). Signatures are made only for this address (its personal key) or
    /// its domain (the organisation certificate), never for another name.
    /// </summary>
    [Id(8)] public string? HeaderFrom { get; init; }

    /// <summary>The address a signature is made for: the header From, or the envelope sender when the header is unknown.</summary>
    public string Signer => HeaderFrom ?? Sender;

    public bool IsDryRun => QueueId.Length == 0;

    /// <summary>A message that is only decided, never sent.</summary>
    public static PolicyMessage DryRun(MailDirection direction, string tenantId, string sender, params string[] recipients) => new()
    {
        Direction = direction,
        TenantId = tenantId,
        Sender = sender,
        Recipients = recipients.ToList(),
    };

    /// <summary>The facts of a queued message; <paramref name="recipients"/> defaults to all of the envelope's.</summary>
    public static PolicyMessage From(
        MessageEnvelope envelope, ContentProtection encrypted, ContentProtection signed, IReadOnlyList<string>? recipients = null, IReadOnlyList<string>? hidden = null) => new()
    {
        QueueId = envelope.QueueId,
        Direction = envelope.Direction,
        TenantId = envelope.TenantId,
        Sender = envelope.Sender,
        Recipients = (recipients ?? envelope.Recipients).ToList(),
        Encrypted = encrypted,
        Signed = signed,
        Hidden = hidden ?? [],
    };
}
