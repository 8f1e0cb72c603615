namespace Smgw.Interfaces.Keys;

/// <summary>
/// The TLS server certificate of a tenant's mail server (CL-6/7), public part only: the gateway
/// does not hold its private key, it only checks it and compares it with what the server presents.
/// Key: tenant id.
/// </summary>
[Alias("smgw.ITlsCertificateGrain")]
public interface ITlsCertificateGrain : IGrainWithStringKey
{
    /// <summary>Stores (replaces) the certificate; the first PEM certificate is the server's, further ones its chain.</summary>
    [Alias("Set")] Task<TlsCertificateRecord> SetAsync(string certificatesPem, string uploadedBy);
    [Alias("Get")] Task<TlsCertificateRecord?> GetAsync();
    [Alias("Remove")] Task RemoveAsync();
}
