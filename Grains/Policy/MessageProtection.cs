using System.Runtime.InteropServices;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.OpenPgp;
using Smgw.Crypto.Smime;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>
/// What protection a stored message really carries. A Content-Type is a claim: the body counts as
/// encrypted only when its bytes are a CMS EnvelopedData/AuthEnvelopedData with a RecipientInfo
/// (<see cref="CmsStructure"/>) or OpenPGP session-key packets followed by encrypted data, with
/// nothing readable around them; as signed only when it is a SignedData with a SignerInfo or a
/// multipart/signed with its signature part. Everything else is plain.
/// </summary>
public static class MessageProtection
{
    /// <summary>The prefix of the headers the gateway stamps; the same names arriving from outside are removed.</summary>
    public const string StampPrefix = "X-SMGW-";

    public static (ContentProtection Encrypted, ContentProtection Signed) Detect(ReadOnlyMemory<byte> body)
    {
        HeaderList headers;
        using (var head = Open(body))
        {
            try
            {
                headers = HeaderList.Load(head);
            }
            catch (FormatException)
            {
                return (ContentProtection.None, ContentProtection.None);
            }
        }
        if (headers[HeaderId.ContentType] is not { } value || !ContentType.TryParse(value, out var type) || type.IsMimeType("text", "plain"))
        {
            return InlineOpenPgp(body.Span);
        }
        var smime = type.IsMimeType("application", "pkcs7-mime") || type.IsMimeType("application", "x-pkcs7-mime");
        var pgpEncrypted = type.IsMimeType("multipart", "encrypted");
        var multipartSigned = type.IsMimeType("multipart", "signed");
        if (!smime && !pgpEncrypted && !multipartSigned)
        {
            return (ContentProtection.None, ContentProtection.None);
        }

        // Parsed without copying the parts: their contents stay ranges of the stream, which must stay open while they are read.
        using var stream = Open(body);
        MimeEntity? entity;
        try
        {
            entity = MimeMessage.Load(stream, persistent: true).Body;
        }
        catch (FormatException)
        {
            return (ContentProtection.None, ContentProtection.None);
        }
        if (smime)
        {
            return entity is MimePart part ? Cms(part) : (ContentProtection.None, ContentProtection.None);
        }
        if (pgpEncrypted)
        {
            return IsPgpMime(entity) ? (ContentProtection.OpenPgp, ContentProtection.None) : (ContentProtection.None, ContentProtection.None);
        }
        return SignedPart(entity) is { } protocol ? (ContentProtection.None, protocol) : (ContentProtection.None, ContentProtection.None);
    }

    /// <summary>An application/pkcs7-mime part by what its DER says, whatever its smime-type parameter claims.</summary>
    private static (ContentProtection, ContentProtection) Cms(MimePart part)
    {
        if (part.Content is null)
        {
            return (ContentProtection.None, ContentProtection.None);
        }
        using var decoded = new MemoryStream();
        part.Content.DecodeTo(decoded);
        return CmsStructure.Classify(decoded.GetBuffer().AsMemory(0, (int)decoded.Length)) switch
        {
            CmsContent.Enveloped or CmsContent.AuthEnveloped => (ContentProtection.Smime, ContentProtection.None),
            CmsContent.Signed => (ContentProtection.None, ContentProtection.Smime),
            _ => (ContentProtection.None, ContentProtection.None),
        };
    }

    /// <summary>RFC 3156: the application/pgp-encrypted control part, then the ASCII-armoured OpenPGP message with nothing beside its armour.</summary>
    private static bool IsPgpMime(MimeEntity? entity)
    {
        if (entity is not Multipart { Count: 2 } multipart
            || !(multipart.ContentType.Parameters["protocol"] ?? "").Trim().Equals("application/pgp-encrypted", StringComparison.OrdinalIgnoreCase)
            || !multipart[0].ContentType.IsMimeType("application", "pgp-encrypted")
            || multipart[1] is not MimePart { Content: not null } data)
        {
            return false;
        }
        using var decoded = new MemoryStream();
        data.Content.DecodeTo(decoded);
        return IsWholeArmouredMessage(decoded.GetBuffer().AsSpan(0, (int)decoded.Length));
    }

    /// <summary>The protocol of a multipart/signed whose second part is the signature the protocol names.</summary>
    private static ContentProtection? SignedPart(MimeEntity? entity)
    {
        if (entity is not MultipartSigned { Count: 2 } signed)
        {
            return null;
        }
        var protocol = (signed.ContentType.Parameters["protocol"] ?? "").Trim().ToLowerInvariant();
        var signature = signed[1].ContentType.MimeType.ToLowerInvariant();
        return (protocol, signature) switch
        {
            ("application/pkcs7-signature" or "application/x-pkcs7-signature", "application/pkcs7-signature" or "application/x-pkcs7-signature") => ContentProtection.Smime,
            ("application/pgp-signature", "application/pgp-signature") => ContentProtection.OpenPgp,
            _ => null,
        };
    }

    /// <summary>
    /// Inline OpenPGP (RFC 4880 armour as the whole text body): an armoured encrypted message with
    /// only white space around it counts as encrypted (never wrapped again); a cleartext-signed one
    /// as signed. Text beside the armour is readable, so such a body is plain.
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
        var text = TrimWhite(message[start..]);
        if (text.StartsWith("-----BEGIN PGP MESSAGE-----"u8))
        {
            return IsWholeArmouredMessage(text)
                ? (ContentProtection.OpenPgp, ContentProtection.None)
                : (ContentProtection.None, ContentProtection.None);
        }
        return text.StartsWith("-----BEGIN PGP SIGNED MESSAGE-----"u8)
            ? (ContentProtection.None, ContentProtection.OpenPgp)
            : (ContentProtection.None, ContentProtection.None);
    }

    /// <summary>One armoured OpenPGP message that is real ciphertext, with only white space before and after it.</summary>
    private static bool IsWholeArmouredMessage(ReadOnlySpan<byte> text)
    {
        text = TrimWhite(text);
        var end = "-----END PGP MESSAGE-----"u8;
        return text.StartsWith("-----BEGIN PGP MESSAGE-----"u8)
            && text.EndsWith(end)
            && text.IndexOf(end) == text.Length - end.Length
            && OpenPgpArmor.IsEncryptedMessage(text);
    }

    private static ReadOnlySpan<byte> TrimWhite(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && text[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }
        var end = text.Length;
        while (end > start && text[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            end--;
        }
        return text[start..end];
    }

    /// <summary>A read-only stream over the body without copying it (the stored body can be tens of megabytes).</summary>
    public static MemoryStream Open(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}
