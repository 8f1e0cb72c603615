namespace Smgw.Interfaces.Keys;

/// <summary>A tenant's trust anchors (its chosen trust centers' CA certificates, PEM); key: tenant id.</summary>
[Alias("smgw.ITrustAnchorsGrain")]
public interface ITrustAnchorsGrain : IGrainWithStringKey
{
    [Alias("Set")] Task<IReadOnlyList<string>> SetAsync(IReadOnlyList<string> certificatesPem);
    [Alias("Get")] Task<IReadOnlyList<string>> GetAsync();
}
