using System.Text.RegularExpressions;
using MimeKit;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>The header From of a message at the end of DATA (RFC 5322 §3.6.2): the addresses it names.</summary>
public static partial class HeaderFrom
{
    [GeneratedRegex(@"[^\s<>""(),;:@]+@([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)")]
    private static partial Regex LiteralAddress();

    /// <summary>
    /// The addresses of every From field of the top-level header: parsed by MimeKit, and where a
    /// field does not parse, every "local@domain" written in it (so a broken header cannot hide one).
    /// </summary>
    public static IReadOnlyList<string> Addresses(byte[] buffer, int offset)
    {
        HeaderList headers;
        try
        {
            headers = HeaderList.Load(new MemoryStream(buffer, offset, buffer.Length - offset, writable: false));
        }
        catch (FormatException)
        {
            return [];
        }
        var addresses = new List<string>();
        foreach (var header in headers.Where(h => h.Id == HeaderId.From))
        {
            if (InternetAddressList.TryParse(header.Value, out var list) && list.Mailboxes.Any())
            {
                addresses.AddRange(list.Mailboxes.Select(m => m.Address.Trim()));
            }
            else
            {
                addresses.AddRange(LiteralAddress().Matches(header.Value).Select(m => m.Value));
            }
        }
        return addresses;
    }

    /// <summary>Whether <paramref name="address"/> is in a tenant's AllowedForeignFrom list (addresses, "@domain", "*").</summary>
    public static bool Allowed(IReadOnlyList<string> allowed, string address)
    {
        var lower = address.ToLowerInvariant();
        var domain = "@" + lower[(lower.LastIndexOf('@') + 1)..];
        return allowed.Any(a => a == "*" || a == lower || a == domain);
    }
}
