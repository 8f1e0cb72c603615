using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.Smime;

namespace Smgw.Tests.Crypto;

/// <summary>
/// A throw-away PKI generated at test start (never committed): a test CA and another CA (RSA),
/// end entities RSA-2048, RSA-3072, ECDSA P-256 and ECDH P-256/P-384 with emailProtection and rfc822Name SANs, an
/// expired one, one from the other CA and one without e-mail key usage. Every certificate and key
/// is also written as PEM into <see cref="Directory"/> for openssl.
/// </summary>
public sealed class TestPki : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public TestPki()
    {
        Directory = Path.Combine(Path.GetTempPath(), "smgw-smime-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var now = DateTimeOffset.UtcNow;

        (Ca, CaKey) = CreateCa("CN=SMGW Test CA, O=SMGW Tests", now);
        (OtherCa, _) = CreateCa("CN=Some Other CA, O=Elsewhere", now);
        Write("ca", Ca, CaKey);
        Write("other-ca", OtherCa, null);

        Alice = Issue("alice", "CN=Alice, O=SMGW Tests", "Alice@Example.ORG", RSA.Create(2048), Ca, now.AddDays(-1), now.AddYears(1));
        Bob = Issue("bob", "CN=Bob, O=SMGW Tests", "bob@example.net", RSA.Create(3072), Ca, now.AddDays(-1), now.AddYears(1));
        Carol = Issue("carol", "CN=Carol, O=SMGW Tests", "carol@example.org", ECDsa.Create(ECCurve.NamedCurves.nistP256), Ca, now.AddDays(-1), now.AddYears(1));
        Dave = Issue("dave", "CN=Dave (expired), O=SMGW Tests", "dave@example.org", RSA.Create(2048), Ca, now.AddDays(-30), now.AddDays(-1));
        Mallory = Issue("mallory", "CN=Mallory, O=Elsewhere", "mallory@example.org", RSA.Create(2048), OtherCa, now.AddDays(-1), now.AddYears(1));
        Eve = Issue("eve", "CN=Eve (server cert), O=SMGW Tests", "eve@example.org", RSA.Create(2048), Ca, now.AddDays(-1), now.AddYears(1), wrongUsage: true);
        Erin = Issue("erin", "CN=Erin (ECDH P-256), O=SMGW Tests", "erin@example.org", ECDsa.Create(ECCurve.NamedCurves.nistP256), Ca, now.AddDays(-1), now.AddYears(1), keyAgreement: true);
        Frank = Issue("frank", "CN=Frank (ECDH P-384), O=SMGW Tests", "frank@example.org", ECDsa.Create(ECCurve.NamedCurves.nistP384), Ca, now.AddDays(-1), now.AddYears(1), keyAgreement: true);
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public RSA CaKey { get; }

    public X509Certificate2 OtherCa { get; }

    /// <summary>RSA-2048, SAN Alice@Example.ORG (mixed case on purpose).</summary>
    public SmimeIdentity Alice { get; }

    /// <summary>RSA-3072, bob@example.net.</summary>
    public SmimeIdentity Bob { get; }

    /// <summary>ECDSA P-256, carol@example.org.</summary>
    public SmimeIdentity Carol { get; }

    /// <summary>Expired yesterday.</summary>
    public SmimeIdentity Dave { get; }

    /// <summary>Issued by <see cref="OtherCa"/>.</summary>
    public SmimeIdentity Mallory { get; }

    /// <summary>keyEncipherment only and serverAuth EKU: not for e-mail signing.</summary>
    public SmimeIdentity Eve { get; }

    /// <summary>ECDSA/ECDH P-256 with keyAgreement: an EC encryption recipient.</summary>
    public SmimeIdentity Erin { get; }

    /// <summary>ECDSA/ECDH P-384 with keyAgreement.</summary>
    public SmimeIdentity Frank { get; }

    public X509Certificate2Collection Anchors => [Ca];

    public string PathOf(string file) => Path.Combine(Directory, file);

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (X509Certificate2 Cert, RSA Key) CreateCa(string subject, DateTimeOffset now)
    {
        var key = RSA.Create(2048);
        _owned.Add(key);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(now.AddDays(-60), now.AddYears(5));
        _owned.Add(cert);
        return (cert, key);
    }

    private SmimeIdentity Issue(
        string name,
        string subject,
        string email,
        AsymmetricAlgorithm key,
        X509Certificate2 issuer,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        bool wrongUsage = false,
        bool keyAgreement = false)
    {
        _owned.Add(key);
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("key"),
        };
        var usage = wrongUsage
            ? X509KeyUsageFlags.KeyEncipherment
            : key is RSA
                ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment
                : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | (keyAgreement ? X509KeyUsageFlags.KeyAgreement : 0);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [wrongUsage ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid(SmimeOids.EmailProtection)], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));

        var issuerKey = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException("issuer without key");
        _owned.Add(issuerKey);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var cert = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
        _owned.Add(cert);
        Write(name, cert, key);
        return new SmimeIdentity(cert, key);
    }

    private void Write(string name, X509Certificate2 cert, AsymmetricAlgorithm? key)
    {
        File.WriteAllText(PathOf(name + ".pem"), cert.ExportCertificatePem());
        if (key is not null)
        {
            File.WriteAllText(PathOf(name + ".key"), key.ExportPkcs8PrivateKeyPem());
        }
    }
}
