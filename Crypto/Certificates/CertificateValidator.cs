using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.Smime;

namespace Smgw.Crypto.Certificates;

/// <summary>
/// Validates a certificate against explicit trust anchors only (never the system store):
/// chain, validity period, key usage and EKU, key strength, and the e-mail address.
/// Revocation (CRL/OCSP) is not checked yet: <see cref="CertificateProblem.Revoked"/> is reserved for it.
/// </summary>
public sealed class CertificateValidator
{
    /// <summary>id-kp-serverAuth (RFC 5280).</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a validator that validates at the time <paramref name="timeProvider"/> gives.</summary>
    public CertificateValidator(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Validates <paramref name="certificate"/> for <paramref name="purpose"/> now.</summary>
    /// <param name="certificate">The end-entity certificate.</param>
    /// <param name="trustAnchors">The only roots trusted (the tenant's trust centers).</param>
    /// <param name="purpose">Signing or encryption.</param>
    /// <param name="address">An e-mail address that must be in the certificate, or null.</param>
    /// <param name="intermediates">Further certificates that may complete the chain (e.g. those in a signature).</param>
    public CertificateValidation Validate(
        X509Certificate2 certificate,
        X509Certificate2Collection trustAnchors,
        CertificatePurpose purpose,
        string? address = null,
        X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(trustAnchors);

        var findings = new List<CertificateFinding>();
        var chainValid = CheckChain(certificate, trustAnchors, intermediates, findings);
        var usageValid = CheckUsage(certificate, purpose, findings);
        var addressMatches = true;
        if (address is not null && !CertificateAddresses.Contains(certificate, address))
        {
            addressMatches = false;
            var listed = string.Join(", ", CertificateAddresses.Get(certificate));
            findings.Add(new CertificateFinding(
                CertificateProblem.AddressNotInCertificate,
                $"{address} is not in the certificate of {certificate.Subject} (it names: {(listed.Length == 0 ? "no address" : listed)})"));
        }

        return new CertificateValidation(chainValid, usageValid, addressMatches, findings);
    }

    private bool CheckChain(
        X509Certificate2 certificate,
        X509Certificate2Collection trustAnchors,
        X509Certificate2Collection? intermediates,
        List<CertificateFinding> findings)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(trustAnchors);
        if (intermediates is not null)
        {
            policy.ExtraStore.AddRange(intermediates);
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = _timeProvider.GetUtcNow().UtcDateTime;
        policy.VerificationTimeIgnored = false;

        var ok = chain.Build(certificate);
        var now = _timeProvider.GetUtcNow();
        var before = findings.Count;
        try
        {
            foreach (var element in chain.ChainElements)
            {
                foreach (var status in element.ChainElementStatus)
                {
                    AddChainFinding(element.Certificate, status, now, findings);
                }
            }

            if (chain.ChainElements.Count == 0)
            {
                foreach (var status in chain.ChainStatus)
                {
                    AddChainFinding(certificate, status, now, findings);
                }
            }
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate))
                {
                    element.Certificate.Dispose();
                }
            }
        }

        if (!ok && findings.Count == before)
        {
            findings.Add(new CertificateFinding(CertificateProblem.ChainInvalid, $"chain of {certificate.Subject} did not build"));
        }

        return ok && findings.Count == before;
    }

    private static void AddChainFinding(
        X509Certificate2 element,
        X509ChainStatus status,
        DateTimeOffset now,
        List<CertificateFinding> findings)
    {
        var flag = status.Status;
        if (flag == X509ChainStatusFlags.NoError)
        {
            return;
        }

        CertificateFinding finding;
        if (flag.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            finding = now < element.NotBefore.ToUniversalTime()
                ? new(CertificateProblem.NotYetValid, $"{element.Subject} is not valid before {element.NotBefore.ToUniversalTime():u}")
                : new(CertificateProblem.Expired, $"{element.Subject} expired {element.NotAfter.ToUniversalTime():u}");
        }
        else if (flag.HasFlag(X509ChainStatusFlags.UntrustedRoot) || flag.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            finding = new(CertificateProblem.Untrusted, $"{element.Subject} (issuer {element.Issuer}) does not chain to a trusted anchor: {status.StatusInformation.Trim()}");
        }
        else if (flag.HasFlag(X509ChainStatusFlags.Revoked))
        {
            finding = new(CertificateProblem.Revoked, $"{element.Subject} is revoked");
        }
        else if (flag.HasFlag(X509ChainStatusFlags.NotValidForUsage))
        {
            finding = new(CertificateProblem.WrongKeyUsage, $"{element.Subject}: {status.StatusInformation.Trim()}");
        }
        else
        {
            finding = new(CertificateProblem.ChainInvalid, $"{element.Subject}: {flag}: {status.StatusInformation.Trim()}");
        }

        if (!findings.Contains(finding))
        {
            findings.Add(finding);
        }
    }

    private static bool CheckUsage(X509Certificate2 certificate, CertificatePurpose purpose, List<CertificateFinding> findings)
    {
        var before = findings.Count;
        // Key sizes from the SubjectPublicKeyInfo: importing the key into OpenSSL just to read its
        // size was a measurable share of every message's policy stage (docs/PERFORMANCE.md).
        switch (certificate.PublicKey.Oid.Value)
        {
            case SmimeOids.RsaEncryption:
                var bits = SmimeEngine.RsaModulusBits(certificate) ?? 0;
                if (bits < 2048)
                {
                    findings.Add(new(CertificateProblem.WeakKey, $"{certificate.Subject}: RSA-{bits} is below 2048 bits"));
                }
                break;
            case EcPublicKey:
                var curve = EcCurveBits(certificate);
                if (curve is null)
                {
                    findings.Add(new(CertificateProblem.WeakKey, $"{certificate.Subject}: unsupported elliptic curve"));
                }
                else if (curve < 256)
                {
                    findings.Add(new(CertificateProblem.WeakKey, $"{certificate.Subject}: EC-{curve} is below P-256"));
                }
                break;
            default:
                findings.Add(new(CertificateProblem.WeakKey, $"{certificate.Subject}: unsupported key algorithm {certificate.PublicKey.Oid.Value}"));
                break;
        }

        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null)
        {
            // E-mail encryption: RSA wraps the content key (keyEncipherment), EC agrees on it (keyAgreement).
            var needed = purpose switch
            {
                CertificatePurpose.EmailSigning => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                CertificatePurpose.TlsServer => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
                _ when certificate.PublicKey.Oid.Value == EcPublicKey => X509KeyUsageFlags.KeyAgreement,
                _ => X509KeyUsageFlags.KeyEncipherment,
            };
            if ((keyUsage.KeyUsages & needed) == 0)
            {
                findings.Add(new(CertificateProblem.WrongKeyUsage, $"{certificate.Subject}: key usage {keyUsage.KeyUsages} does not allow {needed}"));
            }
        }

        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is not null)
        {
            var allowed = false;
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                if (oid.Value == SmimeOids.AnyExtendedKeyUsage || oid.Value == (purpose == CertificatePurpose.TlsServer ? ServerAuthentication : SmimeOids.EmailProtection))
                {
                    allowed = true;
                }
            }

            if (!allowed)
            {
                var list = string.Join(", ", eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.FriendlyName ?? o.Value));
                var lacking = purpose == CertificatePurpose.TlsServer ? "serverAuth (TLS Web Server Authentication)" : "emailProtection";
                findings.Add(new(CertificateProblem.WrongKeyUsage, $"{certificate.Subject}: extended key usage ({list}) lacks {lacking}"));
            }
        }

        return findings.Count == before;
    }

    private const string EcPublicKey = "1.2.840.10045.2.1";

    /// <summary>The size of a named curve (P-256, P-384, P-521), or null for another or explicit curve.</summary>
    private static int? EcCurveBits(X509Certificate2 certificate)
    {
        if (certificate.PublicKey.EncodedParameters?.RawData is not { } parameters)
        {
            return null;
        }
        try
        {
            var oid = new System.Formats.Asn1.AsnReader(parameters, System.Formats.Asn1.AsnEncodingRules.DER).ReadObjectIdentifier();
            return oid switch
            {
                "1.2.840.10045.3.1.7" => 256,
                "1.3.132.0.34" => 384,
                "1.3.132.0.35" => 521,
                _ => null,
            };
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            return null;
        }
    }
}
