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
public sealed class OpenPgpEngine
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
        var armored = System.Text.Encoding.ASCII.GetBytes(text[start..end]);
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
            problems.Add($"the signing key {keyId:X16} is not known to the gateway");
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
