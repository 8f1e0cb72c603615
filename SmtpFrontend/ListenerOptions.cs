namespace Smgw.SmtpFrontend;

public sealed class ListenerOptions
{
    /// <summary>ip:port to listen on.</summary>
    public string Listen { get; set; } = "";

    /// <summary>Concurrent sessions; further connections get 421 4.7.0.</summary>
    public int MaxConnections { get; set; } = 200;

    /// <summary>
    /// Concurrent sessions from one client (an IPv4 address, an IPv6 /64); further connections get
    /// 421 4.7.0. Default 20 on the Internet listener (Postfix opens at most 20 to one destination),
    /// 100 on the tenant listener.
    /// </summary>
    public int MaxConnectionsPerClient { get; set; } = 20;
}
