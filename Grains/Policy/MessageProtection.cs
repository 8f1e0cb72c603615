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

    /// <summary>Signed layers looked through for encryption inside (sign-then-encrypt-then-sign).</summary>
    public const int MaxLayers = 4;

    /// <summary>
    /// What the message carries. <paramref name="inbound"/>: an inline armoured encrypted block with
    /// text around it counts as encrypted (it is decrypted in place, the text kept); outbound only a
    /// body that is wholly ciphertext counts (the text around would leave readable). Encryption
    /// inside signed layers counts (up to <see cref="MaxLayers"/>); the signature is the outermost.
    /// </summary>
    public static (ContentProtection Encrypted, ContentProtection Signed) Detect(ReadOnlyMemory<byte> body, bool inbound = false)
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
        var type = headers[HeaderId.ContentType] is { } value && ContentType.TryParse(value, out var parsed) ? parsed : null;
        if (type is not null && !type.IsMimeType("text", "plain") && !NeedsParsing(type))
        {
            return (ContentProtection.None, ContentProtection.None);
        }
        if (type is null || type.IsMimeType("text", "plain"))
        {
            // The cheap test first: plain text without armour (the common case) is not parsed at all.
            var base64 = (headers[HeaderId.ContentTransferEncoding] ?? "").Contains("base64", StringComparison.OrdinalIgnoreCase);
            if (!base64 && body.Span.IndexOf("-----BEGIN PGP"u8) < 0)
            {
                return (ContentProtection.None, ContentProtection.None);
            }
        }

        // Parsed without copying the parts: their contents stay ranges of the stream, which must stay open while they are read.
        using var stream = Open(body);
        try
        {
            return Layers(MimeMessage.Load(stream, persistent: true).Body, inbound);
        }
        catch (FormatException)
        {
            return (ContentProtection.None, ContentProtection.None);
        }
    }

    private static bool NeedsParsing(ContentType type) =>
        type.IsMimeType("application", "pkcs7-mime") || type.IsMimeType("application", "x-pkcs7-mime")
        || type.IsMimeType("multipart", "encrypted") || type.IsMimeType("multipart", "signed");

    private static (ContentProtection Encrypted, ContentProtection Signed) Layers(MimeEntity? entity, bool inbound)
    {
        var signed = ContentProtection.None;
        for (var depth = 0; depth < MaxLayers && entity is not null; depth++)
        {
            var (encrypted, signature, inner) = Layer(entity, inbound);
            if (encrypted != ContentProtection.None)
            {
                return (encrypted, signed == ContentProtection.None ? signature : signed);
            }
            if (signature == ContentProtection.None)
            {
                break;
            }
            signed = signed == ContentProtection.None ? signature : signed;
            entity = inner;
        }
        return (ContentProtection.None, signed);
    }

    /// <summary>
    /// One layer, proven from its bytes: encrypted (S/MIME or OpenPGP), or signed (S/MIME: a
    /// multipart/signed or an opaque signed-data; OpenPGP: PGP/MIME or a cleartext-signed text) with
    /// the entity it signs, or neither.
    /// </summary>
    public static (ContentProtection Encrypted, ContentProtection Signed, MimeEntity? Inner) Layer(MimeEntity entity, bool inbound)
    {
        if (entity is TextPart { IsPlain: true } text)
        {
            var decoded = Decoded(text);
            if (inbound ? ContainsArmouredMessage(decoded) : IsWholeArmouredMessage(decoded))
            {
                return (ContentProtection.OpenPgp, ContentProtection.None, null);
            }
            return ClearSignedText.Find(decoded.Span) is null
                ? (ContentProtection.None, ContentProtection.None, null)
                : (ContentProtection.None, ContentProtection.OpenPgp, null);
        }
        if (entity is MimePart part && (part.ContentType.IsMimeType("application", "pkcs7-mime") || part.ContentType.IsMimeType("application", "x-pkcs7-mime")))
        {
            var der = Decoded(part);
            return CmsStructure.Classify(der) switch
            {
                CmsContent.Enveloped or CmsContent.AuthEnveloped => (ContentProtection.Smime, ContentProtection.None, null),
                CmsContent.Signed => (ContentProtection.None, ContentProtection.Smime, Encapsulated(der)),
                _ => (ContentProtection.None, ContentProtection.None, null),
            };
        }
        if (entity.ContentType.IsMimeType("multipart", "encrypted"))
        {
            return (IsPgpMime(entity) ? ContentProtection.OpenPgp : ContentProtection.None, ContentProtection.None, null);
        }
        return SignedPart(entity) is { } protocol
            ? (ContentProtection.None, protocol, ((MultipartSigned)entity)[0])
            : (ContentProtection.None, ContentProtection.None, null);
    }

    /// <summary>The MIME entity an opaque signed-data carries, or null when it carries none that parses.</summary>
    private static MimeEntity? Encapsulated(ReadOnlyMemory<byte> der)
    {
        if (CmsStructure.SignedContent(der) is not { } content)
        {
            return null;
        }
        try
        {
            return MimeEntity.Load(new MemoryStream(content, writable: false));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ReadOnlyMemory<byte> Decoded(MimePart part)
    {
        if (part.Content is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        var decoded = new MemoryStream();
        part.Content.DecodeTo(decoded);
        return decoded.GetBuffer().AsMemory(0, (int)decoded.Length);
    }

    /// <summary>RFC 3156: the application/pgp-encrypted control part, then the ASCII-armoured OpenPGP message with nothing beside its armour.</summary>
    private static bool IsPgpMime(MimeEntity? entity)
    {
        if (entity is not Multipart { Count: 2 } multipart
            || !(multipart.ContentType.Parameters["protocol"] ?? "").Trim().Equals("application/pgp-encrypted", StringComparison.OrdinalIgnoreCase)
            || !multipart[0].ContentType.IsMimeType("application", "pgp-encrypted")
            || multipart[1] is not MimePart data)
        {
            return false;
        }
        return IsWholeArmouredMessage(Decoded(data).Span);
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

    /// <summary>An armoured OpenPGP message that is real ciphertext somewhere in the text (lines around it allowed).</summary>
    private static bool ContainsArmouredMessage(ReadOnlyMemory<byte> text)
    {
        var span = text.Span;
        var start = span.IndexOf("-----BEGIN PGP MESSAGE-----"u8);
        if (start < 0)
        {
            return false;
        }
        var end = span[start..].IndexOf("-----END PGP MESSAGE-----"u8);
        return end >= 0 && OpenPgpArmor.IsEncryptedMessage(span.Slice(start, end + "-----END PGP MESSAGE-----"u8.Length));
    }

    /// <summary>One armoured OpenPGP message that is real ciphertext, with only white space before and after it.</summary>
    private static bool IsWholeArmouredMessage(ReadOnlyMemory<byte> text) => IsWholeArmouredMessage(text.Span);

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
