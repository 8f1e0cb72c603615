using System.Net;
using Smgw.Interfaces.Models;
using SmtpServer;
using SmtpServer.Net;

namespace Smgw.SmtpFrontend.Protocol;

/// <summary>What the gateway learns about one SMTP session, kept in the session's properties.</summary>
public sealed class SessionFacts
{
    private const string Key = "smgw:facts";

    public IPAddress RemoteAddress { get; init; } = IPAddress.None;

    public string Helo { get; set; } = "";

    /// <summary>Tenant-facing listener: the tenant whose relay this client is.</summary>
    public TenantConfig? RelayTenant { get; set; }

    /// <summary>Internet-facing listener: the tenant the accepted recipients of this transaction belong to.</summary>
    public TenantConfig? RecipientTenant { get; set; }

    /// <summary>Normalised recipients of the current transaction, in order.</summary>
    public List<string> Recipients { get; } = [];

    /// <summary>Normalised sender of the current transaction ("" = null sender).</summary>
    public string Sender { get; set; } = "";

    public static SessionFacts Of(ISessionContext context)
    {
        if (context.Properties.TryGetValue(Key, out var value) && value is SessionFacts facts)
        {
            return facts;
        }
        var remote = context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var endpoint) && endpoint is IPEndPoint ip
            ? ip.Address
            : IPAddress.None;
        facts = new SessionFacts { RemoteAddress = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote };
        context.Properties[Key] = facts;
        return facts;
    }

    public void ResetTransaction()
    {
        Sender = "";
        Recipients.Clear();
        RecipientTenant = null;
    }
}
