using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

/// <summary>A tenant's trust anchors: only certificates that chain to one of these are used for it.</summary>
public sealed class TrustAnchorsGrain(
    [PersistentState(StorageNames.TrustAnchorsState, StorageNames.Grains)] IPersistentState<TrustAnchorsState> state)
    : Grain, ITrustAnchorsGrain
{
    public async Task<IReadOnlyList<string>> SetAsync(IReadOnlyList<string> certificatesPem)
    {
        var normalized = new List<string>();
        for (var i = 0; i < certificatesPem.Count; i++)
        {
            try
            {
                using var certificate = X509Certificate2.CreateFromPem(certificatesPem[i]);
                normalized.Add(certificate.ExportCertificatePem());
            }
            catch (CryptographicException ex)
            {
                throw new ArgumentException($"certificates[{i}]: not a PEM certificate ({ex.Message})", ex);
            }
        }
        state.State.CertificatesPem = normalized;
        await state.WriteStateAsync();
        return normalized;
    }

    public Task<IReadOnlyList<string>> GetAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.CertificatesPem.ToList());
}
