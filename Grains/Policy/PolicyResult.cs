namespace Smgw.Grains.Policy;

/// <summary>
/// The outcome for a set of recipients: deliver <see cref="Body"/> to them, or refuse them with an
/// enhanced status and a reason (which ends up in the DSN), permanently or — <see cref="Temporary"/>,
/// e.g. a broken policy configuration (4.3.5) — until a later attempt. Recipients that need
/// different treatment get different results (the message is split). <see cref="Messenger"/>:
/// the recipients get <see cref="Body"/> through the Messenger instead of SMTP.
/// </summary>
public sealed record PolicyResult(
    IReadOnlyList<string> Recipients,
    ReadOnlyMemory<byte> Body,
    string? RefusalStatus = null,
    string? RefusalReason = null,
    bool Temporary = false,
    bool Messenger = false)
{
    public bool Refused => RefusalStatus is not null;
}
