namespace Smgw.Interfaces.Models;

/// <summary>
/// The SMTP envelope and reception facts of one accepted message. The body is not here: it is
/// stored once in the message store under <see cref="QueueId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.MessageEnvelope")]
public sealed record MessageEnvelope
{
    [Id(0)] public required string QueueId { get; init; }
    [Id(1)] public MailDirection Direction { get; init; }
    /// <summary>The tenant the message belongs to (sender's tenant outbound, recipients' tenant inbound); empty for gateway-generated mail.</summary>
    [Id(2)] public string TenantId { get; init; } = "";
    /// <summary>Envelope sender; empty for the null sender (bounces).</summary>
    [Id(3)] public string Sender { get; init; } = "";
    [Id(4)] public IReadOnlyList<string> Recipients { get; init; } = [];
    [Id(5)] public DateTimeOffset ReceivedUtc { get; init; }
    [Id(6)] public string ClientAddress { get; init; } = "";
    [Id(7)] public long Size { get; init; }
    /// <summary>Envelope id from the DSN extension (ENVID), if any.</summary>
    [Id(8)] public string? EnvelopeId { get; init; }
    /// <summary>
    /// Set only by the gateway for mail it writes itself (<see cref="MessageOrigins"/>); null for
    /// mail that came in by SMTP. <see cref="MessageOrigins.Messenger"/> (notifications and codes,
    /// no message content) skips the encryption policy, or a notification to a recipient without a
    /// key would go to the Messenger again; the others keep the gateway's own X-SMGW-* headers.
    /// </summary>
    [Id(9)] public string? GeneratedBy { get; init; }
    /// <summary>
    /// Internet listener with <c>Smgw:Smtp:SpoofedHeaderFrom=Mark</c>: the header From address that
    /// claims a tenant's domain from outside; the policy stage stamps X-SMGW-Spoofed-From for every recipient.
    /// </summary>
    [Id(10)] public string? SpoofedFrom { get; init; }
}
