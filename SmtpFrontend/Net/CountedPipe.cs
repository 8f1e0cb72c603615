using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer.IO;

namespace Smgw.SmtpFrontend.Net;

/// <summary>
/// A session's connection: gives its slot back when the session ends, and bounds what the client's
/// bytes may make SmtpServer buffer (<see cref="GuardedPipeReader"/>; a new guard after STARTTLS,
/// whose reader is a new one).
/// </summary>
internal sealed class CountedPipe(ISecurableDuplexPipe inner, Action release, SmtpLimits limits, Action<string> onRefused) : ISecurableDuplexPipe
{
    private readonly SessionGuard _guard = new(limits.MaxErrors);
    private int _released;
    private PipeReader? _guarded;
    private PipeReader? _guardedInner;
    private PipeWriter? _replies;
    private PipeWriter? _repliesInner;

    public PipeReader Input
    {
        get
        {
            var current = inner.Input;
            if (!ReferenceEquals(current, _guardedInner))
            {
                (_guardedInner, _guarded) = (current, new GuardedPipeReader(current, inner.Output, limits, _guard, onRefused));
            }
            return _guarded!;
        }
    }

    public PipeWriter Output
    {
        get
        {
            var current = inner.Output;
            if (!ReferenceEquals(current, _repliesInner))
            {
                (_repliesInner, _replies) = (current, new ReplyPipeWriter(current, _guard));
            }
            return _replies!;
        }
    }

    public bool IsSecure => inner.IsSecure;

    public SslProtocols SslProtocol => inner.SslProtocol;

    public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
        inner.UpgradeAsync(certificate, protocols, cancellationToken);

    public void Dispose()
    {
        inner.Dispose();
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
