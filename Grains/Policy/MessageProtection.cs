using System.Runtime.InteropServices;
using MimeKit;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>What protection a stored message already carries, read from its top-level Content-Type only.</summary>
public static class MessageProtection
{
    /// <summary>The prefix of the headers the gateway stamps; inbound mail that brings its own is rewritten without them.</summary>
    public const string StampPrefix = "X-SMGW-";

    /// <summary>Whether the message's top-level header carries a header named like the gateway's stamps (a forgery, inbound).</summary>
    public static bool HasStampHeaders(ReadOnlyMemory<byte> body)
    {
        using var stream = Open(body);
        try
        {
            return HeaderList.Load(stream).Any(h => h.Field.StartsWith(StampPrefix, StringComparison.OrdinalIgnoreCase));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static (ContentProtection Encrypted, ContentProtection Signed) Detect(ReadOnlyMemory<byte> body)
    {
        HeaderList headers;
        using (var stream = Open(body))
        {
            try
            {
                headers = HeaderList.Load(stream);
            }
            catch (FormatException)
            {
                return (ContentProtection.None, ContentProtection.None);
            }
        }
        if (headers[HeaderId.ContentType] is not { } value || !ContentType.TryParse(value, out var type))
        {
            return InlineOpenPgp(body.Span);
        }
        if (type.IsMimeType("text", "plain"))
        {
            return InlineOpenPgp(body.Span);
        }
        if (type.IsMimeType("application", "pkcs7-mime") || type.IsMimeType("application", "x-pkcs7-mime"))
        {
            var smimeType = type.Parameters["smime-type"]?.Trim().ToLowerInvariant();
            return smimeType is "signed-data" or "certs-only"
                ? (ContentProtection.None, ContentProtection.Smime)
                : (ContentProtection.Smime, ContentProtection.None);
        }
        if (type.IsMimeType("multipart", "encrypted"))
        {
            return (ContentProtection.OpenPgp, ContentProtection.None);
        }
        if (type.IsMimeType("multipart", "signed"))
        {
            var protocol = type.Parameters["protocol"]?.Trim().ToLowerInvariant() ?? "";
            return (ContentProtection.None, protocol.Contains("pgp", StringComparison.Ordinal) ? ContentProtection.OpenPgp : ContentProtection.Smime);
        }
        return (ContentProtection.None, ContentProtection.None);
    }

    /// <summary>
    /// Inline OpenPGP (RFC 4880 armour as the whole text body): an armoured encrypted message counts
    /// as encrypted (never wrapped again), a cleartext-signed one as signed.
    /// </summary>
    private static (ContentProtection Encrypted, ContentProtection Signed) InlineOpenPgp(ReadOnlySpan<byte> message)
    {
        var crlf = message.IndexOf("\r\n\r\n"u8);
        var lf = message.IndexOf("\n\n"u8);
        var start = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
        if (start < 0)
        {
            return (ContentProtection.None, ContentProtection.None);
        }
        var text = message[start..];
        while (text.Length > 0 && (text[0] == (byte)' ' || text[0] == (byte)'\t' || text[0] == (byte)'\r' || text[0] == (byte)'\n'))
        {
            text = text[1..];
        }
        if (text.StartsWith("-----BEGIN PGP MESSAGE-----"u8))
        {
            // Only real ciphertext counts: a plain text that starts with the armour line is encrypted like any other.
            return Smgw.Crypto.OpenPgp.OpenPgpArmor.IsEncryptedMessage(text)
                ? (ContentProtection.OpenPgp, ContentProtection.None)
                : (ContentProtection.None, ContentProtection.None);
        }
        return text.StartsWith("-----BEGIN PGP SIGNED MESSAGE-----"u8)
            ? (ContentProtection.None, ContentProtection.OpenPgp)
            : (ContentProtection.None, ContentProtection.None);
    }

    /// <summary>A read-only stream over the body without copying it (the stored body can be tens of megabytes).</summary>
    public static MemoryStream Open(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}
