using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Smgw.Interfaces.Net;

/// <summary>
/// Where a web listener binds, spelled either as host:port (as the SMTP listeners) or as a URL
/// such as <c>http://127.0.0.1:8480</c> (as <c>Smgw:Http:Listen</c>). The host is an IP address or
/// <c>localhost</c>. The scheme follows whether a certificate is set; a URL must agree with that.
/// </summary>
public readonly record struct WebListen(bool Https, IPAddress Address, int Port)
{
    public static bool TryParse(string? text, int defaultPort, bool hasCertificate, [NotNullWhen(true)] out WebListen? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = null;
        var https = hasCertificate;
        HostPort? endpoint;
        if (text is not null && text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                error = "is not host:port or a URL such as http://127.0.0.1:8480";
                return false;
            }
            if ((uri.Scheme == "https") != hasCertificate)
            {
                error = hasCertificate ? "says http, but a certificate is set (the listener serves https)" : "says https, but no certificate is set";
                return false;
            }
            endpoint = new HostPort(uri.Host.Trim('[', ']'), uri.Port); // a URL without a port means 80 or 443, as for Smgw:Http:Listen
        }
        else if (!HostPort.TryParse(text, defaultPort, out endpoint))
        {
            error = "is not host:port or a URL such as http://127.0.0.1:8480";
            return false;
        }
        IPAddress? address;
        if (string.Equals(endpoint.Value.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(endpoint.Value.Host, out address))
        {
            error = $"names host '{endpoint.Value.Host}'; a listener binds an IP address (or localhost)";
            return false;
        }
        result = new WebListen(https, address, endpoint.Value.Port);
        return true;
    }

    /// <summary>Binds every address (0.0.0.0 or ::): no URL for links follows from it.</summary>
    public bool AllAddresses => Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    /// <summary>The base URL this listener is reached at, or null when it binds every address.</summary>
    public string? Url => AllAddresses
        ? null
        : $"{(Https ? "https" : "http")}://{(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}";

    /// <summary>
    /// The public base URL for links: <paramref name="publicUrl"/> when set, otherwise the listener's
    /// own URL (null when that cannot be derived: the listener binds every address).
    /// </summary>
    public static string? PublicBase(string? publicUrl, string? listen, int defaultPort, bool hasCertificate) =>
        !string.IsNullOrWhiteSpace(publicUrl)
            ? publicUrl.TrimEnd('/')
            : TryParse(listen, defaultPort, hasCertificate, out var parsed, out _) ? parsed.Value.Url : null;
}
