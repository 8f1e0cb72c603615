namespace Smgw.Grains.Delivery;

/// <summary>
/// Everything needed to build one delivery status notification for one queued message.
/// </summary>
/// <param name="ReportingMta">Our host name; used for Reporting-MTA, the MAILER-DAEMON From address and the Message-ID.</param>
/// <param name="QueueId">Our queue id for the original message; quoted in the human-readable part.</param>
/// <param name="OriginalEnvelopeSender">The original MAIL FROM address. "&lt;&gt;" or empty means the null sender: no DSN is built.</param>
/// <param name="ArrivalDate">When we accepted the original message.</param>
/// <param name="Recipients">The recipients being reported on; at least one.</param>
/// <param name="OriginalMessage">The original message as received (may be malformed or truncated).</param>
/// <param name="ReturnFullMessage">RET=FULL (RFC 3461): return the whole message as message/rfc822; otherwise only its headers.</param>
/// <param name="EnvelopeId">The ENVID value (RFC 3461), reported as Original-Envelope-Id when given.</param>
public sealed record DsnRequest(
    string ReportingMta,
    string QueueId,
    string OriginalEnvelopeSender,
    DateTimeOffset ArrivalDate,
    IReadOnlyList<DsnRecipient> Recipients,
    ReadOnlyMemory<byte> OriginalMessage,
    bool ReturnFullMessage = false,
    string? EnvelopeId = null);
