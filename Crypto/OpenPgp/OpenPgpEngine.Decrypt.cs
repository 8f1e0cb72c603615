using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Smgw.Crypto.OpenPgp;

/// <summary>The decrypting half of the engine: PGP/MIME and inline OpenPGP, the packets inside, and the signatures they carry.</summary>
public sealed partial class OpenPgpEngine
{
    // ---------------------------------------------------------------- decrypt

    /// <summary>
    /// Decrypts a PGP/MIME multipart/encrypted entity with the first of <paramref name="keys"/> it is
    /// addressed to (or, for hidden recipients, that opens it). Signatures inside are verified
    /// against <paramref name="signers"/> (and <paramref name="expectedSigner"/>'s address).
    /// </summary>
    /// <exception cref="OpenPgpException">Not PGP/MIME, not addressed to any key, not integrity protected, tampered, or a weak cipher.</exception>
    public OpenPgpDecryption Decrypt(MimeEntity entity, IReadOnlyCollection<OpenPgpSecretKey> keys, IReadOnlyCollection<OpenPgpKey>? signers = null, string? expectedSigner = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(keys);
        var (content, key, algorithm, signatures) = Open(ReadEncryptedPart(entity), keys, signers ?? [], expectedSigner);
        MimeEntity decrypted;
        using (var stream = new MemoryStream(content, writable: false))
        {
            try
            {
                decrypted = MimeEntity.Load(stream);
            }
            catch (FormatException e)
            {
                throw new OpenPgpException("the decrypted content is not a MIME entity", e);
            }
        }
        return new OpenPgpDecryption(decrypted, key.Fingerprint, algorithm.ToString(), signatures.Select(s => s with { Content = decrypted }).ToList(), null);
    }

    /// <summary>Decrypts the message body; <see cref="OpenPgpDecryption.Message"/> keeps the outer headers. Embedded signatures must name the From address.</summary>
    public OpenPgpDecryption Decrypt(MimeMessage message, IReadOnlyCollection<OpenPgpSecretKey> keys, IReadOnlyCollection<OpenPgpKey>? signers = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = Decrypt(RequireBody(message), keys, signers, message.From.Mailboxes.FirstOrDefault()?.Address);
        return result with { Message = WithBody(message, result.Content) };
    }

    /// <summary>
    /// Decrypts an inline OpenPGP message (RFC 4880 armour in a text/plain body, as older clients
    /// send it): the armoured block is replaced by the decrypted text, text around it is kept, and
    /// the body becomes text/plain; charset=utf-8. Signatures inside (sign+encrypt) are verified
    /// against <paramref name="signers"/> and must name the From address. The decrypted literal data
    /// is read as UTF-8, or in the charset the part declared when it is not valid UTF-8.
    /// </summary>
    /// <exception cref="OpenPgpException">No armoured message in the body, or it cannot be decrypted (as for PGP/MIME).</exception>
    public OpenPgpDecryption DecryptInline(MimeMessage message, IReadOnlyCollection<OpenPgpSecretKey> keys, IReadOnlyCollection<OpenPgpKey>? signers = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(keys);
        if (message.Body is not TextPart { IsPlain: true } part)
        {
            throw new OpenPgpException("the message body is not text/plain: no inline OpenPGP message");
        }
        var text = part.Text;
        const string Begin = "-----BEGIN PGP MESSAGE-----";
        const string End = "-----END PGP MESSAGE-----";
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = start < 0 ? -1 : text.IndexOf(End, start, StringComparison.Ordinal);
        if (start < 0 || end < 0)
        {
            throw new OpenPgpException("the message body holds no armoured OpenPGP message");
        }
        end += End.Length;
        var armored = OpenPgpArmor.Clean(System.Text.Encoding.ASCII.GetBytes(text[start..end]));
        var expectedSigner = message.From.Mailboxes.FirstOrDefault()?.Address;
        var (content, key, algorithm, signatures) = Open(armored, keys, signers ?? [], expectedSigner);
        var clear = LiteralText(content, part.ContentType.Charset);
        var body = new TextPart("plain") { Text = text[..start] + clear + text[end..] };
        body.ContentType.Charset = "utf-8";
        signatures = signatures.Select(s => s with { Content = body }).ToList();
        return new OpenPgpDecryption(body, key.Fingerprint, algorithm.ToString(), signatures, WithBody(message, body));
    }

    private static string LiteralText(byte[] content, string? declaredCharset)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (System.Text.DecoderFallbackException)
        {
            try
            {
                return System.Text.Encoding.GetEncoding(declaredCharset ?? "iso-8859-1").GetString(content);
            }
            catch (ArgumentException)
            {
                return System.Text.Encoding.Latin1.GetString(content);
            }
        }
    }

    /// <summary>Opens armoured or binary encrypted data: the literal content, the key that opened it, the cipher and the verified signatures inside.</summary>
    private (byte[] Content, OpenPgpSecretKey Key, SymmetricKeyAlgorithmTag Algorithm, IReadOnlyList<OpenPgpVerification> Signatures) Open(
        byte[] data, IReadOnlyCollection<OpenPgpSecretKey> keys, IReadOnlyCollection<OpenPgpKey> signers, string? expectedSigner)
    {
        try
        {
            return RsaModulusCheck.Run(() => OpenPackets(data, keys, signers, expectedSigner));
        }
        catch (Exception e) when (e is PgpException or IOException or InvalidOperationException or ArgumentException or Org.BouncyCastle.Crypto.CryptoException)
        {
            throw new OpenPgpException($"the OpenPGP message cannot be decrypted: {e.Message}", e);
        }
    }

    private (byte[] Content, OpenPgpSecretKey Key, SymmetricKeyAlgorithmTag Algorithm, IReadOnlyList<OpenPgpVerification> Signatures) OpenPackets(
        byte[] data, IReadOnlyCollection<OpenPgpSecretKey> keys, IReadOnlyCollection<OpenPgpKey> signers, string? expectedSigner)
    {
        using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(data, writable: false));
        var factory = new PgpObjectFactory(decoder);
        PgpEncryptedDataList? list = null;
        PgpObject? next;
        while ((next = factory.NextPgpObject()) is not null)
        {
            if (next is PgpEncryptedDataList found)
            {
                list = found;
                break;
            }
        }
        if (list is null)
        {
            throw new OpenPgpException("no encrypted data in the OpenPGP message");
        }

        var addressed = list.GetEncryptedDataObjects().OfType<PgpPublicKeyEncryptedData>().ToList();
        foreach (var (encrypted, key, privateKey) in Candidates(addressed, keys))
        {
            Stream clear;
            SymmetricKeyAlgorithmTag algorithm;
            try
            {
                algorithm = RsaSessionKeyPeek.Algorithm(data, encrypted.KeyId, privateKey) ?? encrypted.GetSymmetricAlgorithm(privateKey);
                clear = encrypted.GetDataStream(privateKey);
            }
            catch (PgpException) when (encrypted.KeyId == 0)
            {
                continue; // hidden recipient: not ours
            }
            if (algorithm is not (SymmetricKeyAlgorithmTag.Aes128 or SymmetricKeyAlgorithmTag.Aes192 or SymmetricKeyAlgorithmTag.Aes256
                or SymmetricKeyAlgorithmTag.Twofish or SymmetricKeyAlgorithmTag.Camellia128 or SymmetricKeyAlgorithmTag.Camellia192 or SymmetricKeyAlgorithmTag.Camellia256))
            {
                throw new OpenPgpException($"the message is encrypted with {algorithm}, which the gateway does not accept");
            }
            if (!encrypted.IsIntegrityProtected())
            {
                throw new OpenPgpException("the message is not integrity protected (no MDC): refused");
            }
            var (content, signatures) = ReadLiteral(clear, signers, expectedSigner);
            if (!encrypted.Verify())
            {
                throw new OpenPgpException("the integrity check (MDC) failed: the message was modified");
            }
            return (content, key, algorithm, signatures);
        }
        var ids = string.Join(", ", addressed.Select(e => e.KeyId == 0 ? "hidden" : e.KeyId.ToString("X16")));
        throw new OpenPgpException(addressed.Count == 0
            ? "the message is not encrypted to a public key (passphrase-encrypted?)"
            : $"the message is not encrypted to any key the gateway holds (encrypted to {ids})");
    }

    private static IEnumerable<(PgpPublicKeyEncryptedData Data, OpenPgpSecretKey Key, PgpPrivateKey PrivateKey)> Candidates(
        IReadOnlyList<PgpPublicKeyEncryptedData> addressed, IReadOnlyCollection<OpenPgpSecretKey> keys)
    {
        foreach (var encrypted in addressed.Where(e => e.KeyId != 0))
        {
            foreach (var key in keys)
            {
                if (key.PrivateKey(encrypted.KeyId) is { } privateKey)
                {
                    yield return (encrypted, key, privateKey);
                }
            }
        }
        foreach (var encrypted in addressed.Where(e => e.KeyId == 0))
        {
            foreach (var key in keys)
            {
                foreach (var secret in key.Ring.GetSecretKeys().Where(s => !s.IsPrivateKeyEmpty && s.PublicKey.IsEncryptionKey))
                {
                    if (key.PrivateKey(secret.KeyId) is { } privateKey)
                    {
                        yield return (encrypted, key, privateKey);
                    }
                }
            }
        }
    }

    /// <summary>Reads the decrypted packets: optional compression, one-pass signatures, literal data, signatures.</summary>
    private (byte[] Content, IReadOnlyList<OpenPgpVerification> Signatures) ReadLiteral(Stream clear, IReadOnlyCollection<OpenPgpKey> signers, string? expectedSigner)
    {
        var factory = new PgpObjectFactory(clear);
        PgpOnePassSignatureList? onePass = null;
        byte[]? content = null;
        var results = new List<OpenPgpVerification>();
        PgpObject? next;
        while ((next = factory.NextPgpObject()) is not null)
        {
            switch (next)
            {
                case PgpCompressedData compressed:
                    factory = new PgpObjectFactory(compressed.GetDataStream());
                    break;
                case PgpOnePassSignatureList list:
                    onePass = list;
                    break;
                case PgpLiteralData literal:
                    using (var memory = new MemoryStream())
                    {
                        literal.GetInputStream().CopyTo(memory);
                        content = memory.ToArray();
                    }
                    break;
                case PgpSignatureList signatures when content is not null:
                    for (var i = 0; i < signatures.Count; i++)
                    {
                        results.Add(VerifySignature(signatures[i], content, signers, expectedSigner, null));
                    }
                    break;
                case PgpMarker:
                case PgpPadding:
                    break;
            }
        }
        _ = onePass;
        return (content ?? throw new OpenPgpException("the encrypted data holds no literal data"), results);
    }

    private static byte[] ReadEncryptedPart(MimeEntity entity)
    {
        if (entity is not MultipartEncrypted multipart || multipart.Count < 2)
        {
            throw new OpenPgpException($"{entity.ContentType.MimeType} is not PGP/MIME multipart/encrypted");
        }
        var protocol = multipart.ContentType.Parameters["protocol"]?.Trim();
        if (!string.Equals(protocol, EncryptionProtocol, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpenPgpException($"multipart/encrypted with protocol {protocol} is not PGP/MIME");
        }
        if (multipart[1] is not MimePart part)
        {
            throw new OpenPgpException("multipart/encrypted without the encrypted part");
        }
        return Decode(part);
    }
}
