using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Smgw.SmtpFrontend.Net;

/// <summary>
/// The client's bytes as SmtpServer reads them, bounded before they are buffered: SmtpServer 11.1
/// looks for the end of a line (or of DATA) in an ever-growing buffer, so one endless EHLO line
/// would be read whole. This reader follows the session in the bytes themselves — command lines,
/// and after a <c>DATA</c> line the message up to its lone "." — and when a command line is longer
/// than <see cref="SmtpLimits.MaxCommandLine"/>, a message line longer than
/// <see cref="SmtpLimits.MaxTextLine"/>, a message larger than <see cref="SmtpLimits.MaxData"/>,
/// a header field larger than <see cref="SmtpLimits.MaxHeaderField"/> or a header with more than
/// <see cref="SmtpLimits.MaxHeaderFields"/> fields, it answers the client itself (500 5.5.2 or
/// 552 5.3.4), drops what it holds and ends the session. One pass over each byte (vectorised line
/// search), nothing copied.
/// </summary>
/// <remarks>
/// Header fields are followed in the message's header and in every block that may be a body
/// part's header: after any line starting with "--" (a boundary, as far as this reader can know
/// without parsing MIME) up to the next empty line. That over-approximates where a MIME parser
/// reads headers, so a body part's header cannot carry what the message's header may not.
/// </remarks>
internal sealed class GuardedPipeReader(PipeReader inner, PipeWriter output, SmtpLimits limits, SessionGuard guard, Action<string> onRefused) : PipeReader
{
    private static readonly byte[] Data = "DATA"u8.ToArray();

    private ReadOnlySequence<byte> _last;
    private long _scannedAhead; // bytes at the start of the next buffer that were scanned already
    private bool _inData;
    private long _lineLength;
    private long _dataLength;
    private readonly byte[] _head = new byte[8];
    private int _headLength;
    private bool _ended;
    private bool _inHeader;      // in DATA: in the message's header, or in a block that may be a body part's header
    private bool _topLevelHeader;
    private long _fieldLength;   // octets of the header field being read, continuation lines included
    private int _fieldCount;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        _ended |= guard.Ended;
        if (_ended)
        {
            return new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
        }
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(result, cancellationToken).ConfigureAwait(false);
    }

    public override bool TryRead(out ReadResult result)
    {
        _ended |= guard.Ended;
        if (_ended)
        {
            result = new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
            return true;
        }
        if (!inner.TryRead(out var read))
        {
            result = default;
            return false;
        }
        var guarded = GuardAsync(read, CancellationToken.None);
        result = guarded.IsCompleted ? guarded.Result : guarded.AsTask().GetAwaiter().GetResult();
        return true;
    }

    private async ValueTask<ReadResult> GuardAsync(ReadResult result, CancellationToken cancellationToken)
    {
        var buffer = result.Buffer;
        var fresh = buffer.Slice(Math.Min(_scannedAhead, buffer.Length));
        if (Scan(fresh) is { } refusal)
        {
            inner.AdvanceTo(buffer.End);
            _ended = true;
            guard.Ended = true;
            onRefused(refusal);
            try
            {
                await output.WriteAsync(Encoding.ASCII.GetBytes(refusal + "\r\n"), cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                await output.CompleteAsync().ConfigureAwait(false); // the last word: nothing SmtpServer says after the end of input reaches the client
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
            {
                // The client is gone already: nothing more to say.
            }
            return new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
        }
        _last = buffer;
        _scannedAhead = buffer.Length;
        return result;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (_ended)
        {
            return;
        }
        _scannedAhead = _last.Slice(consumed).Length; // what stays buffered was scanned already
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    /// <summary>Follows the new bytes line by line; the reply to give when a limit is passed, else null.</summary>
    private string? Scan(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            var span = segment.Span;
            while (span.Length > 0)
            {
                var newline = span.IndexOf((byte)'\n');
                var part = newline < 0 ? span : span[..newline];
                _lineLength += part.Length;
                if (_inData)
                {
                    _dataLength += part.Length + (newline < 0 ? 0 : 1);
                }
                for (var i = 0; i < part.Length && _headLength < _head.Length; i++)
                {
                    _head[_headLength++] = part[i];
                }
                if (!_inData && _lineLength + 1 > limits.MaxCommandLine)
                {
                    return $"500 5.5.2 Line too long: a command line is at most {limits.MaxCommandLine} octets (RFC 5321 4.5.3.1.4)";
                }
                if (_inData && _lineLength + 1 > limits.MaxTextLine)
                {
                    return $"500 5.5.2 Line too long: a message line is at most {limits.MaxTextLine} octets here";
                }
                if (_inData && _dataLength > limits.MaxData)
                {
                    return $"552 5.3.4 Message size exceeds fixed limit of {limits.MaxMessageSize} bytes";
                }
                if (newline < 0)
                {
                    break;
                }
                if (EndOfLine() is { } refusal)
                {
                    return refusal;
                }
                span = span[(newline + 1)..];
            }
        }
        return null;
    }

    private string? EndOfLine()
    {
        var line = _head.AsSpan(0, _headLength);
        if (line.Length > 0 && line[^1] == (byte)'\r' && _lineLength == _headLength)
        {
            line = line[..^1];
        }
        var refusal = _inData ? FollowHeader(line, _lineLength + 1) : null;
        if (!_inData && _lineLength <= Data.Length + 1 && Ascii.EqualsIgnoreCase(line, Data))
        {
            _inData = true;
            _dataLength = 0;
            _inHeader = true;
            _topLevelHeader = true;
            _fieldLength = 0;
            _fieldCount = 0;
        }
        else if (_inData && _lineLength <= 2 && line is [(byte)'.'])
        {
            _inData = false;
        }
        _lineLength = 0;
        _headLength = 0;
        return refusal;
    }

    /// <summary>Counts header fields and their size; <paramref name="head"/> is the line's first octets, <paramref name="octets"/> its length with LF.</summary>
    private string? FollowHeader(ReadOnlySpan<byte> head, long octets)
    {
        if (head.StartsWith("--"u8))
        {
            // Perhaps a boundary: a body part's header may follow.
            _inHeader = true;
            _topLevelHeader = false;
            _fieldLength = 0;
            return null;
        }
        if (!_inHeader)
        {
            return null;
        }
        if (head.Length == 0 || (head is [(byte)'.'] && octets <= 3))
        {
            _inHeader = false; // the empty line that ends a header (or the end of DATA)
            _fieldLength = 0;
            return null;
        }
        if (head[0] is (byte)' ' or (byte)'\t')
        {
            _fieldLength += octets; // a continuation line of the field
        }
        else
        {
            _fieldLength = octets;
            if (_topLevelHeader && ++_fieldCount > limits.MaxHeaderFields)
            {
                return $"552 5.3.4 Too many header fields: a message has at most {limits.MaxHeaderFields} here";
            }
        }
        return _fieldLength > limits.MaxHeaderField
            ? $"552 5.3.4 Message header too large: a header field is at most {limits.MaxHeaderField} octets here, its folded lines included"
            : null;
    }
}

/// <summary>The bounds <see cref="GuardedPipeReader"/> enforces.</summary>
public sealed record SmtpLimits(int MaxCommandLine, int MaxTextLine, int MaxMessageSize, int MaxErrors, int MaxHeaderField = 100 * 1024, int MaxHeaderFields = 1000)
{
    /// <summary>The message's bytes on the wire may exceed the stored size by dot-stuffing; a little room for it.</summary>
    public long MaxData => MaxMessageSize + 64L * 1024;
}
