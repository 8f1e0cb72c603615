using Smgw.Crypto.Mime;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Smgw.Crypto.OpenPgp;

/// <summary>
/// OpenPGP as PGP/MIME (RFC 3156) over RFC 4880 packets: MimeKit for the MIME structure,
/// BouncyCastle for the packets, keys held in memory (no keyring files, no gpg-agent).
/// Signatures: SHA-256, binary document signatures over the canonical (CRLF) MIME entity.
/// Encryption: AES-256 with the integrity packet (SEIPD v1, MDC) to one or more keys;
/// sign+encrypt is the combined form (RFC 3156 6.2: one-pass signature, literal data,
/// signature, all encrypted). Decryption refuses data without integrity protection and
/// ciphers weaker than AES-128. Thread-safe: an instance holds no mutable state.
/// </summary>
public sealed partial class OpenPgpEngine
{
    /// <summary>The multipart/signed protocol of PGP/MIME.</summary>
    public const string SignatureProtocol = "application/pgp-signature";

    /// <summary>The multipart/encrypted protocol of PGP/MIME.</summary>
    public const string EncryptionProtocol = "application/pgp-encrypted";

    private static readonly SecureRandom Random = new(new CryptoApiRandomGenerator());
    private readonly TimeProvider _time;

    /// <summary>Creates an engine; <paramref name="timeProvider"/> gives signature times and key validation time.</summary>
    public OpenPgpEngine(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    // ---------------------------------------------------------------- sign

    /// <summary>
    /// Signs <paramref name="entity"/> as PGP/MIME multipart/signed (RFC 3156 5). The entity is
    /// prepared for 7-bit transport and canonicalised first; the first part of the result is
    /// parsed from exactly the signed bytes. Like MimeKit, this may change the entity's transfer encoding.
    /// </summary>
    public MultipartSigned Sign(MimeEntity entity, OpenPgpSecretKey signer) => RsaModulusCheck.Run(() => SignCore(entity, signer));

    private MultipartSigned SignCore(MimeEntity entity, OpenPgpSecretKey signer)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(signer);
        var cleartext = MimeCanonical.ForSigning(entity);
        MimeEntity signedPart;
        using (var stream = new MemoryStream(cleartext, writable: false))
        {
            signedPart = MimeEntity.Load(stream);
        }

        var generator = CreateSignatureGenerator(signer);
        generator.Update(cleartext);
        var signature = new MemoryStream();
        using (var armored = OpenPgpArmor.Open(signature))
        {
            generator.Generate().Encode(armored);
        }

        var multipart = new MultipartSigned();
        multipart.ContentType.Parameters["protocol"] = SignatureProtocol;
        multipart.ContentType.Parameters["micalg"] = "pgp-sha256";
        multipart.Add(signedPart);
        var part = new ApplicationPgpSignature(new MemoryStream(signature.ToArray(), writable: false)) { ContentTransferEncoding = ContentEncoding.SevenBit };
        part.ContentDisposition = null;
        multipart.Add(part);
        return multipart;
    }

    /// <summary>Signs the message body; the outer headers are kept.</summary>
    public MimeMessage Sign(MimeMessage message, OpenPgpSecretKey signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WithBody(message, Sign(RequireBody(message), signer));
    }

    // ---------------------------------------------------------------- encrypt

    /// <summary>Encrypts <paramref name="entity"/> to every key (PGP/MIME multipart/encrypted, AES-256, MDC).</summary>
    /// <exception cref="OpenPgpException">A recipient key has no usable encryption subkey.</exception>
    public MultipartEncrypted Encrypt(MimeEntity entity, IReadOnlyCollection<OpenPgpKey> recipients)
        => EncryptCore(entity, null, recipients);

    /// <summary>Signs and encrypts in one OpenPGP message (RFC 3156 6.2).</summary>
    public MultipartEncrypted SignAndEncrypt(MimeEntity entity, OpenPgpSecretKey signer, IReadOnlyCollection<OpenPgpKey> recipients)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return EncryptCore(entity, signer, recipients);
    }

    /// <summary>Encrypts the message body; the outer headers are kept.</summary>
    public MimeMessage Encrypt(MimeMessage message, IReadOnlyCollection<OpenPgpKey> recipients)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WithBody(message, Encrypt(RequireBody(message), recipients));
    }

    /// <summary>Signs and encrypts the message body; the outer headers are kept.</summary>
    public MimeMessage SignAndEncrypt(MimeMessage message, OpenPgpSecretKey signer, IReadOnlyCollection<OpenPgpKey> recipients)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WithBody(message, SignAndEncrypt(RequireBody(message), signer, recipients));
    }

    private MultipartEncrypted EncryptCore(MimeEntity entity, OpenPgpSecretKey? signer, IReadOnlyCollection<OpenPgpKey> recipients)
        => RsaModulusCheck.Run(() => EncryptPackets(entity, signer, recipients));

    private MultipartEncrypted EncryptPackets(MimeEntity entity, OpenPgpSecretKey? signer, IReadOnlyCollection<OpenPgpKey> recipients)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("at least one recipient is needed", nameof(recipients));
        }
        var now = _time.GetUtcNow();
        var encryptor = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, Random);
        foreach (var recipient in recipients.DistinctBy(r => r.Fingerprint))
        {
            var validation = recipient.Validate(now);
            if (!validation.CanEncrypt)
            {
                throw new OpenPgpException($"key {recipient.Fingerprint} cannot encrypt: {validation.EncryptionDetail}");
            }
            encryptor.AddMethod(validation.EncryptionKey);
        }

        var content = MimeCanonical.ForEncryption(entity);
        var signing = signer is null ? null : CreateSignatureGenerator(signer);
        var output = new MemoryStream(content.Length + (content.Length / 3) + 2048);
        using (var armored = OpenPgpArmor.Open(output))
        {
            using (var encrypted = encryptor.Open(armored, new byte[1 << 16]))
            {
                signing?.GenerateOnePassVersion(false).Encode(encrypted);
                var literal = new PgpLiteralDataGenerator();
                using (var data = literal.Open(encrypted, PgpLiteralData.Binary, "", content.Length, now.UtcDateTime))
                {
                    data.Write(content, 0, content.Length);
                }
                if (signing is not null)
                {
                    signing.Update(content);
                    signing.Generate().Encode(encrypted);
                }
            }
        }

        var multipart = new MultipartEncrypted();
        multipart.ContentType.Parameters["protocol"] = EncryptionProtocol;
        multipart.Add(new ApplicationPgpEncrypted());
        var body = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(output.GetBuffer(), 0, (int)output.Length, writable: false)),
            ContentTransferEncoding = ContentEncoding.SevenBit,
        };
        body.ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = "encrypted.asc" };
        multipart.Add(body);
        return multipart;
    }

    // ---------------------------------------------------------------- verify

    /// <summary>
    /// Verifies a PGP/MIME multipart/signed entity over exactly the bytes of its first part, against
    /// the candidate keys of the signer; <paramref name="expectedSigner"/> (the From address) must be
    /// in a self-certified user id of the signing key. With several signatures, the first valid one
    /// is reported, else the first.
    /// </summary>
    /// <exception cref="OpenPgpException">Not PGP/MIME signed, or the signature cannot be parsed.</exception>
    public OpenPgpVerification Verify(MimeEntity entity, IReadOnlyCollection<OpenPgpKey> signers, string? expectedSigner = null)
        => RsaModulusCheck.Run(() => VerifyCore(entity, signers, expectedSigner));

    private OpenPgpVerification VerifyCore(MimeEntity entity, IReadOnlyCollection<OpenPgpKey> signers, string? expectedSigner)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(signers);
        if (entity is not MultipartSigned multipart || multipart.Count < 2 || multipart[1] is not MimePart signaturePart)
        {
            throw new OpenPgpException($"{entity.ContentType.MimeType} is not a PGP/MIME signed entity");
        }
        var protocol = multipart.ContentType.Parameters["protocol"]?.Trim();
        if (!string.Equals(protocol, SignatureProtocol, StringComparison.OrdinalIgnoreCase))
        {
            throw new OpenPgpException($"multipart/signed with protocol {protocol} is not PGP/MIME");
        }
        var content = multipart[0];
        var cleartext = MimeCanonical.AsReceived(content);
        PgpSignatureList list;
        try
        {
            using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(Decode(signaturePart), writable: false));
            var factory = new PgpObjectFactory(decoder);
            list = factory.NextPgpObject() as PgpSignatureList ?? throw new OpenPgpException("the signature part holds no OpenPGP signature");
        }
        catch (Exception e) when (e is PgpException or IOException)
        {
            throw new OpenPgpException($"malformed OpenPGP signature: {e.Message}", e);
        }
        OpenPgpVerification? first = null;
        for (var i = 0; i < list.Count; i++)
        {
            var result = VerifySignature(list[i], cleartext, signers, expectedSigner, content);
            if (result.IsValid)
            {
                return result;
            }
            first ??= result;
        }
        return first ?? throw new OpenPgpException("the signature part holds no OpenPGP signature");
    }

    /// <summary>
    /// Verifies a cleartext-signed text (RFC 4880 §7) in a text/plain body against
    /// <paramref name="signers"/>; the signing key must name <paramref name="expectedSigner"/>.
    /// </summary>
    /// <exception cref="OpenPgpException">The body holds no complete cleartext-signed text, or its signature cannot be read.</exception>
    public OpenPgpVerification VerifyClearSigned(TextPart part, IReadOnlyCollection<OpenPgpKey> signers, string? expectedSigner)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(signers);
        var found = ClearSignedText.Find(Decode(part)) ?? throw new OpenPgpException("the text holds no complete cleartext-signed OpenPGP message");
        PgpSignatureList list;
        try
        {
            using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(found.Signature, writable: false));
            list = new PgpObjectFactory(decoder).NextPgpObject() as PgpSignatureList ?? throw new OpenPgpException("the signature block holds no OpenPGP signature");
        }
        catch (Exception e) when (e is PgpException or IOException)
        {
            throw new OpenPgpException($"malformed OpenPGP signature: {e.Message}", e);
        }
        return RsaModulusCheck.Run(() =>
        {
            OpenPgpVerification? first = null;
            for (var i = 0; i < list.Count; i++)
            {
                var result = VerifySignature(list[i], found.SignedText, signers, expectedSigner, part);
                if (result.IsValid)
                {
                    return result;
                }
                first ??= result;
            }
            return first ?? throw new OpenPgpException("the signature block holds no OpenPGP signature");
        });
    }

    /// <summary>Verifies the message body; the signing key must name the From address.</summary>
    public OpenPgpVerification Verify(MimeMessage message, IReadOnlyCollection<OpenPgpKey> signers)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Verify(RequireBody(message), signers, message.From.Mailboxes.FirstOrDefault()?.Address);
    }

    private OpenPgpVerification VerifySignature(PgpSignature signature, byte[] content, IReadOnlyCollection<OpenPgpKey> signers, string? expectedSigner, MimeEntity? entity)
    {
        var signedAt = new DateTimeOffset(DateTime.SpecifyKind(signature.CreationTime, DateTimeKind.Utc));
        var hash = signature.HashAlgorithm.ToString();
        var keyId = signature.KeyId;
        var signer = signers.FirstOrDefault(k => k.Ring.GetPublicKey(keyId) is not null);
        var problems = new List<string>();
        if (signer is null)
        {
            // The candidates are the keys held for the From address (and its domain): a key of anyone else does not count.
            problems.Add(expectedSigner is { Length: > 0 }
                ? $"UnknownSigner: the signing key {keyId:X16} is not a key the gateway holds for {expectedSigner}"
                : $"UnknownSigner: the signing key {keyId:X16} is not known to the gateway");
            return new OpenPgpVerification(false, keyId, null, signedAt, hash, problems, entity);
        }
        var key = signer.Ring.GetPublicKey(keyId);
        bool valid;
        try
        {
            signature.InitVerify(key);
            // A text signature (0x01) is over the text with CRLF line ends (RFC 4880 5.2.1), whatever the literal carried.
            signature.Update(signature.SignatureType == PgpSignature.CanonicalTextDocument ? CrlfLines(content) : content);
            valid = signature.Verify();
        }
        catch (Exception e) when (e is PgpException or InvalidOperationException or ArgumentException)
        {
            problems.Add($"BadSignature: {e.Message}");
            return new OpenPgpVerification(false, keyId, signer, signedAt, hash, problems, entity);
        }
        if (!valid)
        {
            problems.Add("BadSignature: the signature does not match the content");
        }
        if (signature.SignatureType is not (PgpSignature.BinaryDocument or PgpSignature.CanonicalTextDocument))
        {
            problems.Add($"not a document signature (type {signature.SignatureType:X2})");
        }
        if (signature.HashAlgorithm is not (HashAlgorithmTag.Sha256 or HashAlgorithmTag.Sha384 or HashAlgorithmTag.Sha512 or HashAlgorithmTag.Sha224
            or HashAlgorithmTag.Sha3_256 or HashAlgorithmTag.Sha3_512))
        {
            problems.Add($"WeakDigest: {signature.HashAlgorithm}");
        }
        var now = _time.GetUtcNow();
        var validation = signer.Validate(signedAt > now ? now : signedAt);
        if (validation.Problem != OpenPgpKeyProblem.None)
        {
            problems.Add($"{validation.Problem}: {validation.Detail}");
        }
        else if (!validation.SigningKeys.Any(k => k.KeyId == keyId))
        {
            problems.Add($"WrongKeyUsage: key {keyId:X16} of {signer.Fingerprint} is not a valid signing key");
        }
        var revokedNow = signer.Validate(now);
        if (revokedNow.Problem == OpenPgpKeyProblem.Revoked && validation.Problem != OpenPgpKeyProblem.Revoked)
        {
            problems.Add($"Revoked: {revokedNow.Detail}");
        }
        if (expectedSigner is not null && !validation.UserIds.Any(u => OpenPgpKey.Names(u, expectedSigner)))
        {
            problems.Add($"AddressNotInKey: {expectedSigner} is not a user id of {signer.Fingerprint}");
        }
        return new OpenPgpVerification(valid, keyId, signer, signedAt, hash, problems, entity);
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] CrlfLines(byte[] content)
    {
        if (!content.AsSpan().Contains((byte)'\n'))
        {
            return content;
        }
        using var output = new MemoryStream(content.Length + 64);
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '\n' && (i == 0 || content[i - 1] != '\r'))
            {
                output.WriteByte((byte)'\r');
            }
            output.WriteByte(content[i]);
        }
        return output.ToArray();
    }

    private PgpSignatureGenerator CreateSignatureGenerator(OpenPgpSecretKey signer)
    {
        var now = _time.GetUtcNow();
        var validation = signer.Public.Validate(now);
        var key = validation.SigningKeys.FirstOrDefault(k => signer.HasPrivateKey(k.KeyId))
            ?? throw new OpenPgpException($"key {signer.Fingerprint} cannot sign: {(validation.Problem != OpenPgpKeyProblem.None ? validation.Detail : "no valid signing key with its private part")}");
        var generator = new PgpSignatureGenerator(key.Algorithm, HashAlgorithmTag.Sha256);
        generator.InitSign(PgpSignature.BinaryDocument, signer.PrivateKey(key.KeyId), Random);
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, now.UtcDateTime);
        hashed.SetIssuerFingerprint(false, key);
        generator.SetHashedSubpackets(hashed.Generate());
        var unhashed = new PgpSignatureSubpacketGenerator();
        unhashed.SetIssuerKeyID(false, key.KeyId);
        generator.SetUnhashedSubpackets(unhashed.Generate());
        return generator;
    }

    private static byte[] Decode(MimePart part)
    {
        if (part.Content is null)
        {
            throw new OpenPgpException("empty OpenPGP part");
        }
        using var memory = new MemoryStream();
        part.Content.DecodeTo(memory);
        return memory.ToArray();
    }

    private static MimeEntity RequireBody(MimeMessage message)
        => message.Body ?? throw new ArgumentException("the message has no body", nameof(message));

    /// <summary>A new message with <paramref name="message"/>'s headers (cloned) and <paramref name="body"/>.</summary>
    public static MimeMessage WithBody(MimeMessage message, MimeEntity body)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(body);
        var copy = new MimeMessage(message.Headers.Select(h => h.Clone()));
        copy.Body = body;
        return copy;
    }
}
