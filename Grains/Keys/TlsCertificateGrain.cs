using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

/// <summary>A tenant's TLS server certificate (CL-7): parsed and normalised here, never with a private key.</summary>
public sealed class TlsCertificateGrain(
    [PersistentState(StorageNames.TlsCertificateState, StorageNames.Grains)] IPersistentState<TlsCertificateState> state,
    TimeProvider time)
    : Grain, ITlsCertificateGrain
{
    public async Task<TlsCertificateRecord> SetAsync(string certificatesPem, string uploadedBy)
    {
        if (certificatesPem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new ArgumentException("certificatePem: send the certificate (and its chain) only; the gateway does not need the private key of the tenant's mail server");
        }
        var all = new X509Certificate2Collection();
        try
        {
            // Concatenated PEM files often lack the line break between END and BEGIN.
            all.ImportFromPem(certificatesPem.Replace("-----END CERTIFICATE----------BEGIN", "-----END CERTIFICATE-----\n-----BEGIN", StringComparison.Ordinal));
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"certificatePem: not PEM certificates ({ex.Message})", ex);
        }
        if (all.Count == 0)
        {
            throw new ArgumentException("certificatePem: no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        try
        {
            var server = all[0];
            var names = new List<string>();
            if (server.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
            state.State.Record = new TlsCertificateRecord
            {
                CertificatePem = server.ExportCertificatePem(),
                ChainPem = all.Skip(1).Select(c => c.ExportCertificatePem()).ToList(),
                Subject = server.Subject,
                Issuer = server.Issuer,
                Thumbprint = server.GetCertHashString(HashAlgorithmName.SHA256),
                NotAfter = new DateTimeOffset(server.NotAfter.ToUniversalTime()),
                Names = names,
                UploadedUtc = time.GetUtcNow(),
                UploadedBy = uploadedBy,
            };
        }
        finally
        {
            foreach (var certificate in all)
            {
                certificate.Dispose();
            }
        }
        await state.WriteStateAsync();
        return state.State.Record;
    }

    public Task<TlsCertificateRecord?> GetAsync() => Task.FromResult(state.State.Record);

    public async Task RemoveAsync() => await state.ClearStateAsync();
}
