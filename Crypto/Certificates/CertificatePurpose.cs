namespace Smgw.Crypto.Certificates;

/// <summary>What a certificate is about to be used for.</summary>
public enum CertificatePurpose
{
    /// <summary>Signing e-mail (digitalSignature or nonRepudiation; emailProtection EKU if EKU is present).</summary>
    EmailSigning,

    /// <summary>Encrypting e-mail to it (keyEncipherment for RSA; emailProtection EKU if EKU is present).</summary>
    EmailEncryption,

    /// <summary>A TLS server (digitalSignature or keyEncipherment; serverAuth EKU if EKU is present).</summary>
    TlsServer,
}
