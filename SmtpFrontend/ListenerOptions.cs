namespace Smgw.SmtpFrontend;

public sealed class ListenerOptions
{
    /// <summary>ip:port to listen on.</summary>
    public string Listen { get; set; } = "";

    /// <summary>Concurrent sessions; further connections get 421 4.7.0.</summary>
    public int MaxConnections { get; set; } = 200;
}
