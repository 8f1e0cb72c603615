using MimeKit;

namespace Smgw.Grains.Delivery;

/// <summary>
/// Turns the (possibly malformed or truncated) original message into the third part of a DSN.
/// Never throws for any input bytes.
/// </summary>
internal static class OriginalMessageParts
{
    /// <summary>Upper bound for the returned header section (Postfix's header_size_limit is 100 KiB too).</summary>
    internal const int MaxHeaderBytes = 100 * 1024;

    /// <summary>
    /// The header section: the bytes preceding the first blank line (or all bytes when there is none),
    /// capped at <see cref="MaxHeaderBytes"/> on a line boundary.
    /// </summary>
    public static ReadOnlyMemory<byte> HeaderSection(ReadOnlyMemory<byte> original)
    {
        var span = original.Span;
        var lineStart = 0;
        var end = span.Length;
        while (lineStart < span.Length)
        {
            var newline = span[lineStart..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var line = span.Slice(lineStart, newline);
            if (line.Length == 0 || (line.Length == 1 && line[0] == (byte)'\r'))
            {
                end = lineStart;
                break;
            }

            lineStart += newline + 1;
        }

        if (end > MaxHeaderBytes)
        {
            var lastNewline = span[..MaxHeaderBytes].LastIndexOf((byte)'\n');
            end = lastNewline >= 0 ? lastNewline + 1 : MaxHeaderBytes;
        }

        return original[..end];
    }

    /// <summary>
    /// Parses the header section. Returns null when MimeKit cannot make sense of it.
    /// </summary>
    public static HeaderList? TryParseHeaders(ReadOnlyMemory<byte> headerSection)
    {
        if (headerSection.IsEmpty)
        {
            return null;
        }

        try
        {
            // Terminate the section so the parser sees a complete header block even when truncated.
            var bytes = new byte[headerSection.Length + 2];
            headerSection.Span.CopyTo(bytes);
            var length = headerSection.Length;
            if (bytes[length - 1] != (byte)'\n')
            {
                bytes[length++] = (byte)'\n';
            }

            bytes[length++] = (byte)'\n';
            using var stream = new MemoryStream(bytes, 0, length, writable: false);
            var parser = new MimeParser(stream, MimeFormat.Entity);
            var headers = parser.ParseHeaders();
            return headers.Count > 0 ? headers : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The original's Message-ID (without angle brackets) when it has a usable one.</summary>
    public static string? MessageId(HeaderList? headers)
    {
        var index = headers?.IndexOf(HeaderId.MessageId) ?? -1;
        if (headers is null || index < 0)
        {
            return null;
        }

        var raw = headers[index].RawValue;
        var id = MimeKit.Utils.MimeUtils.EnumerateReferences(raw, 0, raw.Length).FirstOrDefault();
        if (string.IsNullOrEmpty(id) || id.Length > 900)
        {
            return null;
        }

        foreach (var c in id)
        {
            if (c is <= ' ' or >= (char)0x7F or '<' or '>')
            {
                return null;
            }
        }

        return id;
    }

    /// <summary>text/rfc822-headers part carrying the original's header section.</summary>
    public static MimeEntity HeadersPart(ReadOnlyMemory<byte> headerSection, HeaderList? parsed)
    {
        if (parsed is not null)
        {
            // Headers parsed by MimeKit keep their raw bytes, so this round-trips the original header section.
            var headersPart = new TextRfc822Headers { Message = new MimeMessage(parsed) };
            DeclareEightBit(headersPart, headerSection);
            return headersPart;
        }

        // Fallback: whatever bytes preceded the first blank line, verbatim.
        var bytes = headerSection.ToArray();
        var part = new MimePart("text", "rfc822-headers")
        {
            Content = new MimeContent(new MemoryStream(bytes, writable: false)),
            ContentTransferEncoding = Array.TrueForAll(bytes, b => b < 0x80) ? ContentEncoding.SevenBit : ContentEncoding.EightBit,
        };
        return part;
    }

    /// <summary>message/rfc822 part carrying the whole original, or null when it cannot be parsed.</summary>
    public static MessagePart? FullMessagePart(ReadOnlyMemory<byte> original)
    {
        if (original.IsEmpty)
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(original.ToArray(), writable: false);
            var message = MimeMessage.Load(stream);
            var part = new MessagePart("rfc822") { Message = message };
            DeclareEightBit(part, original);
            return part;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Raw 8-bit content must be labelled so the sending side knows it needs 8BITMIME (RFC 2046 §5.2.1).</summary>
    private static void DeclareEightBit(MessagePart part, ReadOnlyMemory<byte> content)
    {
        if (content.Span.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
        {
            part.Headers[HeaderId.ContentTransferEncoding] = "8bit";
        }
    }
}
