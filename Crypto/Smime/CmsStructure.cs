using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Smgw.Crypto.Smime;

/// <summary>What a CMS ContentInfo really is, read from its bytes (never from a MIME header's claim).</summary>
public enum CmsContent
{
    /// <summary>Not a well-formed ContentInfo of the kinds below.</summary>
    Other = 0,
    /// <summary>EnvelopedData with at least one RecipientInfo and encrypted content.</summary>
    Enveloped = 1,
    /// <summary>AuthEnvelopedData (RFC 5083) with at least one RecipientInfo, encrypted content and a MAC.</summary>
    AuthEnveloped = 2,
    /// <summary>SignedData with at least one SignerInfo.</summary>
    Signed = 3,
    /// <summary>CompressedData (RFC 3274): readable by anyone.</summary>
    Compressed = 4,
}

/// <summary>
/// Reads the outer structure of a CMS ContentInfo (RFC 5652) with the framework's ASN.1 reader
/// (BER, as clients send it): the content type and the fields that make it what it claims to be.
/// Trailing bytes, a missing RecipientInfo or SignerInfo, or absent encrypted content make it
/// <see cref="CmsContent.Other"/>. Nothing is decrypted or verified here.
/// </summary>
public static class CmsStructure
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag Context2 = new(TagClass.ContextSpecific, 2);

    public static CmsContent Classify(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var outer = new AsnReader(encoded, AsnEncodingRules.BER);
            var contentInfo = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var type = contentInfo.ReadObjectIdentifier();
            var content = contentInfo.ReadSequence(Context0);
            contentInfo.ThrowIfNotEmpty();
            var kind = type switch
            {
                SmimeOids.EnvelopedData => IsEnveloped(content.ReadSequence(), authenticated: false) ? CmsContent.Enveloped : CmsContent.Other,
                SmimeOids.AuthEnvelopedData => IsEnveloped(content.ReadSequence(), authenticated: true) ? CmsContent.AuthEnveloped : CmsContent.Other,
                SmimeOids.SignedData => IsSigned(content.ReadSequence()) ? CmsContent.Signed : CmsContent.Other,
                SmimeOids.CompressedData => CmsContent.Compressed,
                _ => CmsContent.Other,
            };
            if (kind != CmsContent.Compressed)
            {
                content.ThrowIfNotEmpty();
            }
            return kind;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return CmsContent.Other;
        }
    }

    /// <summary>The content an opaque SignedData carries (encapContentInfo's eContent), or null when it is not one or carries none.</summary>
    public static byte[]? SignedContent(ReadOnlyMemory<byte> encoded)
    {
        if (Classify(encoded) != CmsContent.Signed)
        {
            return null;
        }
        try
        {
            var contentInfo = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence();
            contentInfo.ReadObjectIdentifier();
            var data = contentInfo.ReadSequence(Context0).ReadSequence();
            data.ReadInteger();
            data.ReadSetOf(skipSortOrderValidation: true);
            var encapsulated = data.ReadSequence();
            encapsulated.ReadObjectIdentifier();
            return encapsulated.HasData ? encapsulated.ReadSequence(Context0).ReadOctetString() : null;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>EnvelopedData / AuthEnvelopedData: version, [0] originatorInfo, recipientInfos (≥ 1), the encrypted content, then attributes (and the MAC).</summary>
    private static bool IsEnveloped(AsnReader data, bool authenticated)
    {
        data.ReadInteger();
        if (data.HasData && data.PeekTag().HasSameClassAndValue(Context0))
        {
            data.ReadEncodedValue();
        }
        var recipients = data.ReadSetOf(skipSortOrderValidation: true);
        var count = 0;
        while (recipients.HasData)
        {
            recipients.ReadEncodedValue();
            count++;
        }
        if (count == 0)
        {
            return false;
        }
        var encrypted = data.ReadSequence();
        encrypted.ReadObjectIdentifier();
        encrypted.ReadSequence(); // contentEncryptionAlgorithm
        if (!encrypted.HasData || !encrypted.PeekTag().HasSameClassAndValue(Context0) || encrypted.ReadEncodedValue().Length <= 2)
        {
            return false; // no encrypted content (or an empty one)
        }
        encrypted.ThrowIfNotEmpty();
        if (authenticated)
        {
            if (data.HasData && data.PeekTag().HasSameClassAndValue(Context1))
            {
                data.ReadEncodedValue(); // authAttrs
            }
            if (data.ReadOctetString().Length == 0)
            {
                return false; // mac
            }
            if (data.HasData && data.PeekTag().HasSameClassAndValue(Context2))
            {
                data.ReadEncodedValue();
            }
        }
        else if (data.HasData && data.PeekTag().HasSameClassAndValue(Context1))
        {
            data.ReadEncodedValue(); // unprotectedAttrs
        }
        data.ThrowIfNotEmpty();
        return true;
    }

    /// <summary>SignedData: version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos (≥ 1).</summary>
    private static bool IsSigned(AsnReader data)
    {
        data.ReadInteger();
        data.ReadSetOf(skipSortOrderValidation: true);
        var encapsulated = data.ReadSequence();
        encapsulated.ReadObjectIdentifier();
        if (data.HasData && data.PeekTag().HasSameClassAndValue(Context0))
        {
            data.ReadEncodedValue();
        }
        if (data.HasData && data.PeekTag().HasSameClassAndValue(Context1))
        {
            data.ReadEncodedValue();
        }
        var signers = data.ReadSetOf(skipSortOrderValidation: true);
        data.ThrowIfNotEmpty();
        return signers.HasData;
    }
}
