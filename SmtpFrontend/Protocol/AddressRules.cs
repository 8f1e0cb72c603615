using SmtpServer.Mail;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>
/// Strict reading of envelope addresses. Anything a downstream server could interpret as another
/// route (percent hack, bang path, '@' inside a quoted local part, source routes, IP literals,
/// trailing dots) is refused rather than normalised, so no such trick can turn the gateway into an
/// open relay. Domains compare case-insensitively; local parts are kept as given.
/// </summary>
public static class AddressRules
{
    /// <summary>The canonical "local@domain" with the domain in lower case, or the reason it is refused.</summary>
    public static bool TryNormalize(IMailbox mailbox, out string address, out string error)
    {
        address = "";
        var user = mailbox.User ?? "";
        var host = mailbox.Host ?? "";
        error = "";

        if (user.Length == 0 || host.Length == 0)
        {
            error = "a fully qualified address is required";
            return false;
        }
        if (user.Length > 64 || host.Length > 253)
        {
            error = "address too long (RFC 5321 §4.5.3.1)";
            return false;
        }
        var bare = user.Trim('"');
        if (bare.Contains('@') || bare.Contains('%') || bare.Contains('!'))
        {
            error = "'@', '%' and '!' are not accepted in the local part (no source routing)";
            return false;
        }
        if (host.StartsWith('[') || System.Net.IPAddress.TryParse(host, out _))
        {
            error = "address literals are not accepted";
            return false;
        }
        if (host.EndsWith('.') || host.StartsWith('.') || host.Contains(".."))
        {
            error = "malformed domain";
            return false;
        }
        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && c < 128)
            {
                error = "malformed domain";
                return false;
            }
        }
        if (!IsDotAtom(user))
        {
            // SmtpServer hands over a quoted local part without its quotes ("a,b"@x arrives as
            // a,b): kept as given it is no longer an address, and delivery could not even parse it.
            error = "malformed local part (only a dot-atom local part is accepted)";
            return false;
        }

        address = $"{user}@{host.ToLowerInvariant()}";
        return true;
    }

    /// <summary>RFC 5322 dot-atom (atext, single dots inside); UTF-8 beyond ASCII as with SMTPUTF8.</summary>
    private static bool IsDotAtom(string local)
    {
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains(".."))
        {
            return false;
        }
        foreach (var c in local)
        {
            var atext = char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c) || (c >= 128 && !char.IsControl(c));
            if (!atext)
            {
                return false;
            }
        }
        return true;
    }

    public static string Display(IMailbox? mailbox) =>
        mailbox is null || (string.IsNullOrEmpty(mailbox.User) && string.IsNullOrEmpty(mailbox.Host)) ? "" : $"{mailbox.User}@{mailbox.Host}";

    public static bool IsNullSender(IMailbox? mailbox) =>
        mailbox is null || (string.IsNullOrEmpty(mailbox.User) && string.IsNullOrEmpty(mailbox.Host)) || mailbox == Mailbox.Empty;

    public static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];
}
