namespace Smgw.Grains.Delivery;

/// <summary>
/// One recipient's entry in a delivery status notification (RFC 3464 §2.3).
/// </summary>
/// <param name="Address">The final recipient address (RFC 5321 mailbox, without angle brackets).</param>
/// <param name="Action">"failed", "delayed" or "delivered" (also accepted: "relayed", "expanded"). Case-insensitive.</param>
/// <param name="Status">RFC 3463 enhanced status code, class.subject.detail, e.g. "5.1.1".</param>
/// <param name="RemoteMta">Host name of the remote MTA that produced the reply, when known (e.g. "mx.example.net" or "dns; mx.example.net").</param>
/// <param name="DiagnosticCode">The remote reply, when known, e.g. "smtp; 550 5.1.1 user unknown". Without a "type;" prefix, "smtp; " is assumed.</param>
/// <param name="LastAttempt">When delivery to this recipient was last attempted, when known.</param>
/// <param name="OriginalRecipient">The ORCPT value (RFC 3461), either a bare address or "addr-type; address".</param>
public sealed record DsnRecipient(
    string Address,
    string Action,
    string Status,
    string? RemoteMta,
    string? DiagnosticCode,
    DateTimeOffset? LastAttempt,
    string? OriginalRecipient = null);
