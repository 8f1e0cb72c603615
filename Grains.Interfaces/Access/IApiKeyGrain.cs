namespace Smgw.Interfaces.Access;

/// <summary>
/// One API key; key: its id (the public part of the token <c>smgw_&lt;id&gt;_&lt;secret&gt;</c>). Only a
/// SHA-256 hash of the secret is stored.
/// </summary>
[Alias("smgw.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<ApiKeyInfo> CreateAsync(string secretHash, ApiPrincipal principal, string createdBy);

    /// <summary>The key's principal when <paramref name="secretHash"/> matches and the key is not revoked.</summary>
    [Alias("Verify")] Task<ApiPrincipal?> VerifyAsync(string secretHash);

    [Alias("Revoke")] Task RevokeAsync(string revokedBy);

    [Alias("Get")] Task<ApiKeyInfo?> GetAsync();
}
