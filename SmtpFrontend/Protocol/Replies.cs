using SmtpServer.Protocol;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>Every refusal the gateway gives, with its RFC 3463 enhanced status code.</summary>
public static class Replies
{
    public static SmtpResponse Ok(string text) => new(SmtpReplyCode.Ok, $"2.0.0 {text}");
    public static SmtpResponse SenderOk => new(SmtpReplyCode.Ok, "2.1.0 Sender ok");
    public static SmtpResponse RecipientOk => new(SmtpReplyCode.Ok, "2.1.5 Recipient ok");

    public static SmtpResponse StartTlsRequired => new((SmtpReplyCode)530, "5.7.0 Must issue a STARTTLS command first");
    public static SmtpResponse NotARelay(string ip) => new((SmtpReplyCode)554, $"5.7.1 Client address {ip} is not a registered relay of any tenant");
    public static SmtpResponse RelayDenied(string address) => new(SmtpReplyCode.MailboxUnavailable, $"5.7.1 <{address}>: Relay access denied");
    public static SmtpResponse SenderNotOwnDomain(string address, string tenant) =>
        new(SmtpReplyCode.MailboxUnavailable, $"5.7.1 <{address}>: Sender address is not in a domain of tenant {tenant}");
    public static SmtpResponse Spoofed(string address) =>
        new(SmtpReplyCode.MailboxUnavailable, $"5.7.1 <{address}>: Sender address in a domain hosted here is not accepted from outside (anti-spoofing)");
    public static SmtpResponse SpoofedHeaderFrom(string address) =>
        new(SmtpReplyCode.TransactionFailed /* 554 */, $"5.7.1 Header From <{address}> is in a domain hosted here and is not accepted from outside (anti-spoofing)");
    public static SmtpResponse HeaderFromNotOwnDomain(string address, string tenant) =>
        new(SmtpReplyCode.TransactionFailed, $"5.7.1 Header From <{address}> is not in a domain of tenant {tenant}");
    public static SmtpResponse BadAddressSyntax(string address, string why) =>
        new(SmtpReplyCode.SyntaxError /* 501 */, $"5.1.3 <{address}>: Bad address syntax: {why}");
    public static SmtpResponse BadSenderSyntax(string address, string why) =>
        new(SmtpReplyCode.SyntaxError, $"5.1.7 <{address}>: Bad sender address syntax: {why}");
    public static SmtpResponse TooManyRecipients => new((SmtpReplyCode)452, "4.5.3 Too many recipients");
    public static SmtpResponse OtherTenant => new((SmtpReplyCode)452, "4.5.3 Recipients of another tenant must be sent in a separate transaction");
    public static SmtpResponse TooBig(int max) => new(SmtpReplyCode.SizeLimitExceeded, $"5.3.4 Message size exceeds fixed limit of {max} bytes");
    public static SmtpResponse BareLineEnd => new(SmtpReplyCode.MailboxUnavailable /* 550 */,
        "5.6.0 Message contains a bare CR or LF; lines must end in CRLF (RFC 5321 2.3.8)");
    public static SmtpResponse TemporaryFailure => new((SmtpReplyCode)451, "4.3.0 Temporary failure storing the message; try again later");
    public static SmtpResponse DirectoryUnavailable => new((SmtpReplyCode)451, "4.3.0 Tenant directory temporarily unavailable; try again later");
    public static SmtpResponse TooManyConnections => new((SmtpReplyCode)421, "4.7.0 Too many connections, try again later");
    public static SmtpResponse TooManyConnectionsFromClient => new((SmtpReplyCode)421, "4.7.0 Too many connections from your address, try again later");
}
