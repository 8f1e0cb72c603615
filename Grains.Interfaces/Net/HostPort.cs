using System.Diagnostics.CodeAnalysis;

namespace Smgw.Interfaces.Net;

/// <summary>"host", "host:port", "[v6]:port" or "v4:port", as configuration and tenant data spell endpoints.</summary>
public readonly record struct HostPort(string Host, int Port)
{
    public static bool TryParse(string? text, int defaultPort, [NotNullWhen(true)] out HostPort? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        string host;
        var port = defaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !int.TryParse(rest[1..], out port)))
            {
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0 && text.IndexOf(':') == colon)
            {
                host = text[..colon];
                if (!int.TryParse(text[(colon + 1)..], out port))
                {
                    return false;
                }
            }
            else
            {
                host = text;
            }
        }
        if (host.Length == 0 || port is < 1 or > 65535 || host.Any(char.IsWhiteSpace))
        {
            return false;
        }
        result = new HostPort(host, port);
        return true;
    }

    public static HostPort Parse(string text, int defaultPort, string settingName) =>
        TryParse(text, defaultPort, out var value)
            ? value.Value
            : throw new FormatException($"{settingName}: '{text}' is not host:port.");

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
