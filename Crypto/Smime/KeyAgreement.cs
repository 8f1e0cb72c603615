using Smgw.Crypto.Certificates;
using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smgw.Crypto.Smime;

/// <summary>
/// ECDH recipients (RFC 5753, RFC 5652 §6.2.2 KeyAgreeRecipientInfo): ephemeral-static ECDH on
/// the recipient's curve, the ANSI X9.63 KDF over ECC-CMS-SharedInfo, and AES key wrap (RFC 3394)
/// of the content key. Writes dhSinglePass-stdDH-sha256kdf-scheme with AES-256 wrap; reads the
/// stdDH schemes with SHA-1/224/256/384/512 and AES-128/192/256 wrap. Built on .NET's
/// ECDiffieHellman (OpenSSL underneath), since System.Security.Cryptography.Pkcs has no key
/// agreement on Linux.
/// </summary>
internal static class KeyAgreement
{
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string StdDhSha1Kdf = "1.3.133.16.840.63.0.2";
    private const string StdDhSha224Kdf = "1.3.132.1.11.0";
    private const string StdDhSha256Kdf = "1.3.132.1.11.1";
    private const string StdDhSha384Kdf = "1.3.132.1.11.2";
    private const string StdDhSha512Kdf = "1.3.132.1.11.3";
    private const string Aes128Wrap = "2.16.840.1.101.3.4.1.5";
    private const string Aes192Wrap = "2.16.840.1.101.3.4.1.25";
    private const string Aes256Wrap = "2.16.840.1.101.3.4.1.45";
    private static readonly Asn1Tag s_kari = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag s_explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag s_explicit1 = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag s_explicit2 = new(TagClass.ContextSpecific, 2, isConstructed: true);
    private static readonly Asn1Tag s_rKeyId = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>Whether the certificate's key is an EC key (then it is reached by key agreement).</summary>
    public static bool IsEc(X509Certificate2 certificate) => certificate.PublicKey.Oid.Value == EcPublicKey;

    /// <summary>Whether a RecipientInfo (read as an encoded value) is a KeyAgreeRecipientInfo.</summary>
    public static bool IsKeyAgreeRecipientInfo(Asn1Tag tag) => tag.HasSameClassAndValue(s_kari) && tag.IsConstructed;

    /// <summary>Writes a KeyAgreeRecipientInfo ([1] in the RecipientInfo CHOICE) that gives <paramref name="contentKey"/> to <paramref name="recipient"/>.</summary>
    public static void Write(AsnWriter writer, X509Certificate2 recipient, ReadOnlySpan<byte> contentKey)
    {
        using var recipientKey = recipient.GetECDiffieHellmanPublicKey()
            ?? throw new SmimeException($"{recipient.Subject}: not an EC key");
        var curve = recipientKey.ExportParameters(false).Curve;
        using var ephemeral = ECDiffieHellman.Create(curve);
        var z = ephemeral.DeriveRawSecretAgreement(recipientKey.PublicKey);
        var kek = Kdf(HashAlgorithmName.SHA256, z, Aes256Wrap, 32, ukm: null);
        CryptographicOperations.ZeroMemory(z);
        byte[] wrapped;
        try
        {
            wrapped = Wrap(kek, contentKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
        var q = ephemeral.ExportParameters(false).Q;

        using (writer.PushSequence(s_kari))
        {
            writer.WriteInteger(3);
            using (writer.PushSequence(s_explicit0))
            using (writer.PushSequence(s_explicit1)) // originatorKey [1] OriginatorPublicKey
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(EcPublicKey); // parameters absent: the recipient's curve
                }
                writer.WriteBitString([0x04, .. q.X!, .. q.Y!]);
            }
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(StdDhSha256Kdf);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Aes256Wrap);
                }
            }
            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                IssuerSerial.Write(writer, recipient);
                writer.WriteOctetString(wrapped);
            }
        }
    }

    /// <summary>
    /// The content key from a KeyAgreeRecipientInfo, if it is addressed to one of
    /// <paramref name="identities"/> with an EC private key; null when it is not.
    /// </summary>
    public static byte[]? TryUnwrap(ReadOnlyMemory<byte> recipientInfo, IReadOnlyCollection<SmimeIdentity> identities)
    {
        var kari = new AsnReader(recipientInfo, AsnEncodingRules.BER).ReadSequence(s_kari);
        kari.ReadInteger();
        var originator = kari.ReadSequence(s_explicit0);
        if (!originator.PeekTag().HasSameClassAndValue(s_explicit1))
        {
            return null; // static-static (originator's certificate): not used in S/MIME, not supported
        }
        var originatorKey = originator.ReadSequence(s_explicit1);
        var originatorAlgorithm = originatorKey.ReadSequence().ReadObjectIdentifier();
        if (originatorAlgorithm != EcPublicKey)
        {
            return null;
        }
        var point = originatorKey.ReadBitString(out _);
        byte[]? ukm = null;
        if (kari.PeekTag().HasSameClassAndValue(s_explicit1))
        {
            ukm = kari.ReadSequence(s_explicit1).ReadOctetString();
        }
        var keyEncryption = kari.ReadSequence();
        var scheme = keyEncryption.ReadObjectIdentifier();
        var wrapOid = keyEncryption.ReadSequence().ReadObjectIdentifier();
        var hash = scheme switch
        {
            StdDhSha1Kdf => HashAlgorithmName.SHA1,
            StdDhSha224Kdf => new HashAlgorithmName("SHA224"),
            StdDhSha256Kdf => HashAlgorithmName.SHA256,
            StdDhSha384Kdf => HashAlgorithmName.SHA384,
            StdDhSha512Kdf => HashAlgorithmName.SHA512,
            _ => throw new SmimeException($"unsupported key agreement scheme {scheme}"),
        };
        var kekSize = wrapOid switch
        {
            Aes128Wrap => 16,
            Aes192Wrap => 24,
            Aes256Wrap => 32,
            _ => throw new SmimeException($"unsupported key wrap algorithm {wrapOid}"),
        };

        var keys = kari.ReadSequence();
        while (keys.HasData)
        {
            var encryptedKey = keys.ReadSequence();
            var rid = encryptedKey.ReadEncodedValue();
            var wrapped = encryptedKey.ReadOctetString();
            foreach (var identity in identities)
            {
                if (!IsEc(identity.Certificate) || !RidMatches(rid, identity.Certificate))
                {
                    continue;
                }
                using var mine = ToEcdh(identity);
                var parameters = mine.ExportParameters(false);
                var size = parameters.Q.X!.Length;
                if (point.Length != 1 + (2 * size) || point[0] != 0x04)
                {
                    throw new SmimeException("the originator's public key is not an uncompressed point on the recipient's curve");
                }
                using var theirs = ECDiffieHellman.Create(new ECParameters
                {
                    Curve = parameters.Curve,
                    Q = new ECPoint { X = point[1..(1 + size)], Y = point[(1 + size)..] },
                });
                byte[] z;
                try
                {
                    z = mine.DeriveRawSecretAgreement(theirs.PublicKey);
                }
                catch (CryptographicException e)
                {
                    throw new SmimeException($"key agreement with {identity.Certificate.Subject} failed: {e.Message}", e);
                }
                var kek = Kdf(hash, z, wrapOid, kekSize, ukm);
                CryptographicOperations.ZeroMemory(z);
                try
                {
                    return Unwrap(kek, wrapped);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(kek);
                }
            }
        }
        return null;
    }

    private static ECDiffieHellman ToEcdh(SmimeIdentity identity) => identity.PrivateKey switch
    {
        ECDiffieHellman ecdh => ECDiffieHellman.Create(ecdh.ExportParameters(true)),
        ECDsa ecdsa => ECDiffieHellman.Create(ecdsa.ExportParameters(true)),
        _ => throw new SmimeException($"{identity.Certificate.Subject}: key agreement needs an EC private key"),
    };

    private static bool RidMatches(ReadOnlyMemory<byte> rid, X509Certificate2 certificate)
    {
        var reader = new AsnReader(rid, AsnEncodingRules.BER);
        if (reader.PeekTag() == Asn1Tag.Sequence)
        {
            return IssuerSerial.Matches(reader.ReadSequence(), certificate);
        }
        if (reader.PeekTag().HasSameClassAndValue(s_rKeyId))
        {
            var ski = reader.ReadSequence(s_rKeyId).ReadOctetString();
            var extension = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
            return extension is not null && extension.SubjectKeyIdentifierBytes.Span.SequenceEqual(ski);
        }
        return false;
    }

    /// <summary>ANSI X9.63 KDF: Hash(Z || counter || ECC-CMS-SharedInfo) until enough bytes.</summary>
    private static byte[] Kdf(HashAlgorithmName hash, ReadOnlySpan<byte> z, string wrapOid, int keySize, byte[]? ukm)
    {
        var sharedInfo = new AsnWriter(AsnEncodingRules.DER);
        using (sharedInfo.PushSequence())
        {
            using (sharedInfo.PushSequence())
            {
                sharedInfo.WriteObjectIdentifier(wrapOid);
            }
            if (ukm is not null)
            {
                using (sharedInfo.PushSequence(s_explicit0))
                {
                    sharedInfo.WriteOctetString(ukm);
                }
            }
            using (sharedInfo.PushSequence(s_explicit2))
            {
                Span<byte> bits = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(bits, keySize * 8);
                sharedInfo.WriteOctetString(bits);
            }
        }
        var info = sharedInfo.Encode();
        var output = new byte[keySize];
        var written = 0;
        Span<byte> c = stackalloc byte[4];
        for (uint counter = 1; written < keySize; counter++)
        {
            using var h = IncrementalHash.CreateHash(hash);
            h.AppendData(z);
            BinaryPrimitives.WriteUInt32BigEndian(c, counter);
            h.AppendData(c);
            h.AppendData(info);
            var block = h.GetHashAndReset();
            var n = Math.Min(block.Length, keySize - written);
            block.AsSpan(0, n).CopyTo(output.AsSpan(written));
            written += n;
            CryptographicOperations.ZeroMemory(block);
        }
        return output;
    }

    private const ulong WrapIv = 0xA6A6A6A6A6A6A6A6;

    /// <summary>AES key wrap, RFC 3394 §2.2.1.</summary>
    internal static byte[] Wrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> key)
    {
        if (key.Length % 8 != 0 || key.Length < 16)
        {
            throw new ArgumentException("the key to wrap must be a multiple of 8 bytes, at least 16", nameof(key));
        }
        var n = key.Length / 8;
        var r = key.ToArray();
        var a = WrapIv;
        using var aes = Aes.Create();
        aes.Key = kek.ToArray();
        Span<byte> block = stackalloc byte[16];
        Span<byte> output = stackalloc byte[16];
        for (var j = 0; j <= 5; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(block, a);
                r.AsSpan((i - 1) * 8, 8).CopyTo(block[8..]);
                aes.EncryptEcb(block, output, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(output) ^ (ulong)((n * j) + i);
                output[8..].CopyTo(r.AsSpan((i - 1) * 8, 8));
            }
        }
        var result = new byte[8 + r.Length];
        BinaryPrimitives.WriteUInt64BigEndian(result, a);
        r.CopyTo(result, 8);
        CryptographicOperations.ZeroMemory(r);
        return result;
    }

    /// <summary>AES key unwrap, RFC 3394 §2.2.2, with the integrity check.</summary>
    internal static byte[] Unwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped)
    {
        if (wrapped.Length % 8 != 0 || wrapped.Length < 24)
        {
            throw new SmimeException("the wrapped content key has the wrong length");
        }
        var n = (wrapped.Length / 8) - 1;
        var a = BinaryPrimitives.ReadUInt64BigEndian(wrapped);
        var r = wrapped[8..].ToArray();
        using var aes = Aes.Create();
        aes.Key = kek.ToArray();
        Span<byte> block = stackalloc byte[16];
        Span<byte> output = stackalloc byte[16];
        for (var j = 5; j >= 0; j--)
        {
            for (var i = n; i >= 1; i--)
            {
                BinaryPrimitives.WriteUInt64BigEndian(block, a ^ (ulong)((n * j) + i));
                r.AsSpan((i - 1) * 8, 8).CopyTo(block[8..]);
                aes.DecryptEcb(block, output, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(output);
                output[8..].CopyTo(r.AsSpan((i - 1) * 8, 8));
            }
        }
        if (a != WrapIv)
        {
            CryptographicOperations.ZeroMemory(r);
            throw new SmimeException("the content key does not unwrap: the message was not encrypted to this key, or it was altered");
        }
        return r;
    }
}
