using Smgw.Interfaces.Net;

namespace Smgw.Grains.Delivery;

/// <summary>
/// Where a set of recipients is delivered: the hosts to try in order. A route that cannot be
/// resolved carries the failure instead (permanent: bounce; temporary: retry).
/// </summary>
public sealed record Route(string Key, IReadOnlyList<HostPort> Hosts, string? FailureStatus = null, string? FailureText = null)
{
    public static Route Failed(string key, string status, string text) => new(key, [], status, text);
}
