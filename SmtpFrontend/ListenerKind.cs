namespace Smgw.SmtpFrontend;

public enum ListenerKind
{
    /// <summary>Internet-facing (MX): mail for tenant domains from anywhere; STARTTLS offered.</summary>
    Internet,

    /// <summary>Tenant-facing: mail from registered tenant relays; STARTTLS required.</summary>
    Tenant,
}
