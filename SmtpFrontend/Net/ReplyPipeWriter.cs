using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.RegularExpressions;

namespace Smgw.SmtpFrontend.Net;

/// <summary>
/// The replies SmtpServer writes, on their way to the client. SmtpServer counts every error reply
/// towards its limit, closes the session after that many in a row — a client that pipelines more
/// recipients than allowed lost its whole transaction to the 452s it is owed (RFC 5321
/// §4.5.3.1.10) — and appends ", N retry(ies) remaining." to each. Here the suffix goes, and the
/// count is the gateway's own: error replies in a row, except the 452 for a recipient beyond the
/// limit or of another tenant (452 4.5.3: "send them again later"); at <see cref="SessionGuard.MaxErrors"/>
/// the session ends with 421 4.7.0.
/// </summary>
internal sealed partial class ReplyPipeWriter(PipeWriter inner, SessionGuard guard) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(512);

    [GeneratedRegex(@", -?\d+ retry\(ies\) remaining\.$")]
    private static partial Regex RetrySuffix();

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var text = Encoding.Latin1.GetString(_pending.WrittenSpan);
        _pending.Clear();
        var output = new StringBuilder(text.Length);
        foreach (var line in text.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var reply = RetrySuffix().Replace(line, "");
            output.Append(reply).Append("\r\n");
            if (reply.Length >= 3 && reply[0] is '4' or '5' && (reply.Length < 4 || reply[3] != '-'))
            {
                if (!reply.StartsWith("452 4.5.3 ", StringComparison.Ordinal) && guard.Error())
                {
                    output.Append("421 4.7.0 Too many errors; closing the connection\r\n");
                }
            }
            else if (reply.Length >= 3 && reply[0] is '2' or '3')
            {
                guard.Success();
            }
        }
        await inner.WriteAsync(Encoding.Latin1.GetBytes(output.ToString()), cancellationToken).ConfigureAwait(false);
        return await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What a session's reader and writer share: the gateway's own count of error replies in a row, and whether the session is over.</summary>
internal sealed class SessionGuard(int maxErrors)
{
    private int _errors;

    public int MaxErrors { get; } = maxErrors;

    /// <summary>The input is to end: the session is over (too many errors, or a limit passed).</summary>
    public bool Ended { get; set; }

    /// <summary>Counts an error reply; true (once) when it was one too many: the session ends.</summary>
    public bool Error()
    {
        if (++_errors < MaxErrors || Ended)
        {
            return false;
        }
        Ended = true;
        return true;
    }

    public void Success() => _errors = 0;
}
