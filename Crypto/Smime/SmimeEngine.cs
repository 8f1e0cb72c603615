using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Smgw.Crypto.Mime;
using MimeKit.Cryptography;
using Smgw.Crypto.Certificates;

namespace Smgw.Crypto.Smime;

/// <summary>
/// S/MIME 4.0 (RFC 8551) sign, encrypt, decrypt and verify. MimeKit builds and parses the MIME
/// structure; the CMS bytes come from System.Security.Cryptography.Pkcs (OpenSSL on Linux).
/// Signatures: SHA-256, detached multipart/signed, signer certificate included, SMIMECapabilities
/// and signingTime signed. Encryption: AES-256-CBC enveloped-data, RSA PKCS #1 v1.5 or OAEP-SHA-256
/// key transport; 3DES is never chosen. Nothing here touches an operating-system certificate store.
/// Thread-safe: an instance holds no mutable state.
/// </summary>
public sealed partial class SmimeEngine
{
    private const string SignatureProtocol = "application/pkcs7-signature";
    private readonly TimeProvider _timeProvider;
    private readonly SignerValidation _signerValidation;

    /// <summary>Creates an engine; <paramref name="timeProvider"/> gives signing and validation time.</summary>
    /// <param name="timeProvider">The clock for signing times and certificate validity.</param>
    /// <param name="signerValidation">How a signer's certificate is judged; null: <see cref="CertificateValidator"/> every time.</param>
    public SmimeEngine(TimeProvider? timeProvider = null, SignerValidation? signerValidation = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        var validator = new CertificateValidator(_timeProvider);
        _signerValidation = signerValidation
            ?? ((signer, anchors, address, included) => validator.Validate(signer, anchors, CertificatePurpose.EmailSigning, address, included));
    }

    /// <summary>
    /// Judges a signer's certificate for e-mail signing against <paramref name="anchors"/>, naming
    /// <paramref name="address"/> (when given), with the certificates the signature carried.
    /// </summary>
    public delegate CertificateValidation SignerValidation(
        X509Certificate2 signer, X509Certificate2Collection anchors, string? address, X509Certificate2Collection? included);

    /// <summary>Content-encryption algorithm OIDs this engine advertises in its signatures, best first.</summary>
    public static IReadOnlyList<string> AdvertisedCapabilities => SmimeCapabilities.Advertised;

    // ---------------------------------------------------------------- sign

    /// <summary>
    /// Signs <paramref name="entity"/> as a detached multipart/signed. The entity is first prepared
    /// for 7-bit transport and canonicalised (CRLF, no trailing whitespace); the first part of the
    /// result is parsed from exactly the bytes that were signed. Like MimeKit's own signing, this
    /// calls <see cref="MimeEntity.Prepare"/> on <paramref name="entity"/>, which may change its
    /// Content-Transfer-Encoding (e.g. to quoted-printable) in place.
    /// </summary>
    public MultipartSigned Sign(MimeEntity entity, SmimeIdentity signer)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(signer);

        var cleartext = MimeCanonical.ForSigning(entity);
        MimeEntity signedPart;
        using (var stream = new MemoryStream(cleartext, writable: false))
        {
            signedPart = MimeEntity.Load(stream);
        }

        var signature = DetachedSignature.Create(cleartext, signer, _timeProvider.GetUtcNow());
        var multipart = new MultipartSigned();
        multipart.ContentType.Parameters["protocol"] = SignatureProtocol;
        multipart.ContentType.Parameters["micalg"] = "sha-256";
        multipart.Add(signedPart);
        multipart.Add(new ApplicationPkcs7Signature(new MemoryStream(signature, writable: false)));
        return multipart;
    }

    /// <summary>Signs the message body; the outer headers are kept, the body becomes multipart/signed.</summary>
    public MimeMessage Sign(MimeMessage message, SmimeIdentity signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WithBody(message, Sign(RequireBody(message), signer));
    }

    // ---------------------------------------------------------------- encrypt

    /// <summary>
    /// Encrypts <paramref name="entity"/> to every recipient as application/pkcs7-mime: AES-256-GCM
    /// AuthEnvelopedData (smime-type=authEnveloped-data) when every recipient advertised it, else
    /// AES-256-CBC enveloped-data. 3DES is never chosen. RSA recipients get key transport, EC
    /// recipients ECDH key agreement (RFC 5753, SHA-256 KDF, AES-256 key wrap).
    /// </summary>
    public ApplicationPkcs7Mime Encrypt(MimeEntity entity, IReadOnlyCollection<SmimeRecipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("at least one recipient is needed", nameof(recipients));
        }

        var content = MimeCanonical.ForEncryption(entity);
        if (recipients.All(r => r.AcceptsAes256Gcm))
        {
            var authEnveloped = AuthEnvelopedData.Encrypt(content, recipients);
            var part = new ApplicationPkcs7Mime(SecureMimeType.AuthEnvelopedData, new MemoryStream(authEnveloped, writable: false));
            part.ContentType.Parameters["smime-type"] = "authEnveloped-data";
            return part;
        }

        // Written here rather than by EnvelopedCms: that has no key agreement on Linux, and it
        // imports every recipient's RSA key again for each message (SmimeRecipient.PublicKey).
        var der = ManagedEnvelopedData.Encrypt(content, recipients);
        return new ApplicationPkcs7Mime(SecureMimeType.EnvelopedData, new MemoryStream(der, writable: false));
    }

    /// <summary>Encrypts the message body to every recipient; the outer headers are kept.</summary>
    public MimeMessage Encrypt(MimeMessage message, IReadOnlyCollection<SmimeRecipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WithBody(message, Encrypt(RequireBody(message), recipients));
    }

    /// <summary>Signs (multipart/signed) and then encrypts the signed entity, in one call.</summary>
    public ApplicationPkcs7Mime SignAndEncrypt(MimeEntity entity, SmimeIdentity signer, IReadOnlyCollection<SmimeRecipient> recipients)
        => Encrypt(Sign(entity, signer), recipients);

    /// <summary>Signs and encrypts the message body; the outer headers are kept.</summary>
    public MimeMessage SignAndEncrypt(MimeMessage message, SmimeIdentity signer, IReadOnlyCollection<SmimeRecipient> recipients)
    {
        ArgumentNullException.ThrowIfNull(message);
        return WithBody(message, SignAndEncrypt(RequireBody(message), signer, recipients));
    }

    // ---------------------------------------------------------------- decrypt

    /// <summary>
    /// Decrypts an application/pkcs7-mime enveloped-data (or AuthEnvelopedData) entity with the first of
    /// <paramref name="identities"/> it is addressed to; the private key is used directly, no store is searched.
    /// </summary>
    /// <exception cref="SmimeException">Not enveloped data, not addressed to any identity, or not decryptable.</exception>
    public SmimeDecryption Decrypt(MimeEntity entity, IReadOnlyCollection<SmimeIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(identities);
        try
        {
            return DecryptCore(entity, identities);
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException or FormatException)
        {
            throw new SmimeException($"the enveloped data cannot be read: {e.Message}", e);
        }
    }

    private SmimeDecryption DecryptCore(MimeEntity entity, IReadOnlyCollection<SmimeIdentity> identities)
    {

        var der = ReadPkcs7(entity);
        var kind = SniffContentType(der);
        byte[] content;
        string algorithm;
        if (kind == SmimeOids.AuthEnvelopedData)
        {
            (content, algorithm) = AuthEnvelopedData.Decrypt(der, identities);
        }
        else if (kind == SmimeOids.EnvelopedData)
        {
            (content, algorithm) = DecryptEnveloped(der, identities);
        }
        else
        {
            throw new SmimeException($"not enveloped data (CMS content type {kind})");
        }

        return new SmimeDecryption(DecryptedContent.Load(content), algorithm, null);
    }

    /// <summary>Decrypts with one identity.</summary>
    public SmimeDecryption Decrypt(MimeEntity entity, SmimeIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return Decrypt(entity, [identity]);
    }

    /// <summary>Decrypts the message body; <see cref="SmimeDecryption.Message"/> keeps the outer headers.</summary>
    public SmimeDecryption Decrypt(MimeMessage message, IReadOnlyCollection<SmimeIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = Decrypt(RequireBody(message), identities);
        return result with { Message = WithBody(message, result.Content) };
    }

    // ---------------------------------------------------------------- verify

    /// <summary>
    /// Verifies a multipart/signed or an opaque application/pkcs7-mime signed-data entity: the
    /// signature over exactly the signed bytes, then the signer's certificate against
    /// <paramref name="trustAnchors"/> only (chain, validity, usage, and <paramref name="expectedAddress"/>
    /// when given). With several signers the first fully valid one is reported, else the first.
    /// </summary>
    /// <exception cref="SmimeException">The entity is not signed, or its signature cannot be parsed.</exception>
    public SmimeVerification Verify(MimeEntity entity, X509Certificate2Collection trustAnchors, string? expectedAddress = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(trustAnchors);
        try
        {
            return VerifyCore(entity, trustAnchors, expectedAddress);
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException or FormatException)
        {
            // E.g. a certificate inside the signature that does not parse (read lazily by SignedCms): an invalid signature, not a crash.
            throw new SmimeException($"the signature cannot be read: {e.Message}", e);
        }
    }

    private SmimeVerification VerifyCore(MimeEntity entity, X509Certificate2Collection trustAnchors, string? expectedAddress)
    {

        SignedCms signedCms;
        MimeEntity content;
        if (entity is MultipartSigned multipart)
        {
            if (multipart.Count < 2 || multipart[1] is not MimePart signaturePart)
            {
                throw new SmimeException("multipart/signed without a signature part");
            }

            var protocol = multipart.ContentType.Parameters["protocol"]?.Trim();
            if (protocol is not null
                && !protocol.Equals(SignatureProtocol, StringComparison.OrdinalIgnoreCase)
                && !protocol.Equals("application/x-pkcs7-signature", StringComparison.OrdinalIgnoreCase))
            {
                throw new SmimeException($"multipart/signed with protocol {protocol} is not S/MIME");
            }

            content = multipart[0];
            var cleartext = MimeCanonical.AsReceived(content);
            signedCms = new SignedCms(new ContentInfo(cleartext), detached: true);
            DecodeCms(signedCms, DecodeContent(signaturePart));
        }
        else if (entity is MimePart part && IsPkcs7Mime(part))
        {
            signedCms = new SignedCms();
            var der = DecodeContent(part);
            if (SniffContentType(der) != SmimeOids.SignedData)
            {
                throw new SmimeException("application/pkcs7-mime is not signed-data");
            }

            DecodeCms(signedCms, der);
            content = DecryptedContent.Load(signedCms.ContentInfo.Content);
        }
        else
        {
            throw new SmimeException($"{entity.ContentType.MimeType} is not an S/MIME signed entity");
        }

        if (signedCms.SignerInfos.Count == 0)
        {
            throw new SmimeException("signed data without a signer");
        }

        SmimeVerification? first = null;
        foreach (var signerInfo in signedCms.SignerInfos)
        {
            var result = VerifySigner(signerInfo, signedCms.Certificates, trustAnchors, expectedAddress, content);
            if (result.IsValid)
            {
                return result;
            }

            first ??= result;
        }

        return first!;
    }

    /// <summary>Verifies the message body; the signer's certificate must name every From address.</summary>
    public SmimeVerification Verify(MimeMessage message, X509Certificate2Collection trustAnchors)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = message.From.Mailboxes.Select(m => m.Address).ToList();
        var result = Verify(RequireBody(message), trustAnchors, from.FirstOrDefault());
        if (from.Count > 1 && result.Signer is not null && result.Certificate is not null)
        {
            var missing = from.Skip(1).Where(a => !CertificateAddresses.Contains(result.Signer, a)).ToList();
            if (missing.Count > 0)
            {
                var findings = result.Certificate.Findings
                    .Concat(missing.Select(a => new CertificateFinding(CertificateProblem.AddressNotInCertificate, $"{a} is not in the certificate of {result.Signer.Subject}")))
                    .ToList();
                result = result with { Certificate = result.Certificate with { AddressMatches = false, Findings = findings } };
            }
        }

        return result;
    }

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
