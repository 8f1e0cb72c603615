namespace Smgw.SmtpFrontend.Hosting;

/// <summary>Whether the SMTP listeners are bound (readiness: a frontend that cannot take mail is not ready).</summary>
public sealed class SmtpListenerState
{
    private int _bound;

    public int Expected { get; internal set; } = 2;

    public bool Ready => Volatile.Read(ref _bound) >= Expected;

    internal void MarkBound() => Interlocked.Increment(ref _bound);
}
