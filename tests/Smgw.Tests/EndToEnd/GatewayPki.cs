using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.Smime;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// A throw-away PKI for the gateway tests, generated at test start and written as PEM (never
/// committed): a CA, the organisation certificate of lds.example (with key) and personal
/// certificates of correspondents, all RSA-2048 with emailProtection.
/// </summary>
public sealed class GatewayPki : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);
    private readonly X509Certificate2 _ca;

    public GatewayPki()
    {
        Directory = Path.Combine(Path.GetTempPath(), "smgw-gwpki-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest("CN=SMGW Gateway Test CA, O=SMGW Tests", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(now.AddDays(-30), now.AddYears(2));
        File.WriteAllText(PathOf("ca.pem"), _ca.ExportCertificatePem());
    }

    public string Directory { get; }

    public string CaPem => _ca.ExportCertificatePem();

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Issues a certificate for <paramref name="email"/>; writes <c>name.pem</c> and <c>name.key</c>; returns (certificate PEM, key PEM).</summary>
    public (string CertificatePem, string KeyPem) Issue(string name, string commonName, string email, TimeSpan? validFor = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, O=SMGW Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(SmimeOids.EmailProtection)], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1), now.AddDays(-1), validFor is { } span ? now + span : now.AddYears(1), serial);
        var pem = certificate.ExportCertificatePem();
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(PathOf(name + ".pem"), pem);
        File.WriteAllText(PathOf(name + ".key"), keyPem);
        return (pem, keyPem);
    }

    /// <summary>Issues a TLS server certificate (serverAuth unless <paramref name="extendedKeyUsage"/> says otherwise) for <paramref name="dnsNames"/>; returns (certificate PEM, key PEM).</summary>
    public (string CertificatePem, string KeyPem) IssueTlsServer(string[] dnsNames, TimeSpan? validFor = null, string extendedKeyUsage = "1.3.6.1.5.5.7.3.1")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsNames[0]}, O=SMGW Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1), now.AddDays(-1), validFor is { } span ? now + span : now.AddYears(1), serial);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
