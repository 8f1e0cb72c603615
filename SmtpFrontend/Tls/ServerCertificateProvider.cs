using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Smgw.Storage.Secrets;

namespace Smgw.SmtpFrontend.Tls;

/// <summary>Loads the SMTP server certificate from configuration, or creates a self-signed one.</summary>
public static class ServerCertificateProvider
{
    private const string Purpose = "tls-self-signed";

    public static X509Certificate2 Load(TlsOptions options, string hostname, string dataDirectory, SecretProtector secrets, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            var certificate = LoadConfigured(options);
            logger.LogInformation("SMTP TLS certificate {Subject} (expires {NotAfter:u}) from {Path}", certificate.Subject, certificate.NotAfter, options.CertificatePath);
            if (certificate.NotAfter < DateTime.Now)
            {
                logger.LogWarning("SMTP TLS certificate {Subject} from {Path} expired on {NotAfter:u}", certificate.Subject, options.CertificatePath, certificate.NotAfter);
            }
            return certificate;
        }

        var generated = Path.Combine(dataDirectory, "tls", "self-signed.pfx");
        if (File.Exists(generated))
        {
            // The private key at rest is encrypted (PKCS#12, PBES2 AES-256) with a password derived from the master key.
            var existing = X509CertificateLoader.LoadPkcs12FromFile(generated, secrets.Password(Purpose));
            if (existing.NotAfter > DateTime.UtcNow.AddDays(7))
            {
                logger.LogWarning("SMTP TLS uses the self-signed certificate {Path}; set Smgw:Smtp:Tls:CertificatePath for a real one", generated);
                return existing;
            }
        }

        Smgw.Storage.PrivateFiles.CreateDirectory(Path.GetDirectoryName(generated)!);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(hostname);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        var password = secrets.Password(Purpose);
        var pfx = created.ExportPkcs12(new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000), password);
        File.WriteAllBytes(generated, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(generated, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        logger.LogWarning("SMTP TLS: no certificate configured (Smgw:Smtp:Tls:CertificatePath); created a self-signed one for {Hostname} at {Path}", hostname, generated);
        return X509CertificateLoader.LoadPkcs12(pfx, password);
    }

    /// <summary>
    /// Why the configured certificate cannot be used (unreadable, not a certificate, no private
    /// key), or null: checked with the settings, before any listener starts.
    /// </summary>
    public static string? Problem(TlsOptions options)
    {
        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            return null;
        }
        try
        {
            LoadConfigured(options).Dispose();
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static X509Certificate2 LoadConfigured(TlsOptions options)
    {
        var path = options.CertificatePath!;
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path)
                ? FromPem(path, options.KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, options.Password);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Smgw:Smtp:Tls:CertificatePath '{path}' could not be loaded ({ex.Message.TrimEnd('.')}); give a PEM certificate with Smgw:Smtp:Tls:KeyPath, or a PFX with Smgw:Smtp:Tls:Password.", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"Smgw:Smtp:Tls:CertificatePath '{path}' has no private key; set Smgw:Smtp:Tls:KeyPath.");
        }
        return certificate;
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[64];
        var read = reader.Read(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).Contains("-----BEGIN", StringComparison.Ordinal);
    }

    private static X509Certificate2 FromPem(string certificatePath, string? keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, string.IsNullOrEmpty(keyPath) ? null : keyPath);
        // SslStream on Linux needs a key it can hand to OpenSSL: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}
