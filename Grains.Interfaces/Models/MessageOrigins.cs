namespace Smgw.Interfaces.Models;

/// <summary>
/// Values of <see cref="MessageEnvelope.GeneratedBy"/>: mail the gateway writes itself. Such mail
/// keeps the X-SMGW-* headers the gateway put there (the policy stage removes them from any other
/// mail as forgeries); only <see cref="Messenger"/> skips the policy stage altogether.
/// </summary>
public static class MessageOrigins
{
    /// <summary>A Messenger notification or one-time code: no message content, delivered without the policy stage.</summary>
    public const string Messenger = "messenger";

    /// <summary>A reply written in the Messenger (X-SMGW-Messenger: reply), queued as inbound mail to the original sender.</summary>
    public const string MessengerReply = "messenger-reply";

    /// <summary>A notice of the gateway to tenant contacts (X-SMGW-Notice).</summary>
    public const string Notice = "notice";

    /// <summary>A delivery status notification (RFC 3464).</summary>
    public const string Dsn = "dsn";
}
