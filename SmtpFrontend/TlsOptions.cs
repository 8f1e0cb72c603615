namespace Smgw.SmtpFrontend;

/// <summary>
/// Configuration section <c>Smgw:Smtp:Tls</c>: the server certificate as PEM (certificate and key
/// files) or PFX (one file, optional password). When none is set, a self-signed certificate is
/// created in the data directory and the log says so.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>PEM certificate (chain) or PFX/PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key; empty when the certificate file is a PFX or holds the key too.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of the PFX file, if any.</summary>
    public string? Password { get; set; }
}
