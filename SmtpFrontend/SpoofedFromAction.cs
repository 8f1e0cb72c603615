namespace Smgw.SmtpFrontend;

/// <summary>What the Internet listener does with mail whose header From claims a tenant's domain (<see cref="SmtpOptions.SpoofedHeaderFrom"/>).</summary>
public enum SpoofedFromAction
{
    /// <summary>554 5.7.1 at the end of DATA: the sender keeps the message and learns why; no bounce to a forged address.</summary>
    Refuse = 0,

    /// <summary>Accepted and stamped <c>X-SMGW-Spoofed-From</c> for every recipient, so the tenant's users see the warning.</summary>
    Mark = 1,
}
