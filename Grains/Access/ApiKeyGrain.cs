using System.Security.Cryptography;
using System.Text;
using Smgw.Interfaces;
using Smgw.Interfaces.Access;

namespace Smgw.Grains.Access;

public sealed class ApiKeyGrain(
    [PersistentState(StorageNames.ApiKeyState, StorageNames.Grains)] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    public async Task<ApiKeyInfo> CreateAsync(string secretHash, ApiPrincipal principal, string createdBy)
    {
        if (state.State.Info is not null)
        {
            throw new InvalidOperationException($"API key {this.GetPrimaryKeyString()} exists already.");
        }
        if (principal.Role == ApiRole.TenantAdmin && string.IsNullOrEmpty(principal.TenantId))
        {
            throw new ArgumentException("tenantId: a tenant admin key needs the tenant it belongs to.");
        }
        state.State.SecretHash = secretHash;
        state.State.Info = new ApiKeyInfo
        {
            Id = this.GetPrimaryKeyString(),
            Principal = principal,
            Created = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await state.WriteStateAsync();
        return state.State.Info;
    }

    public Task<ApiPrincipal?> VerifyAsync(string secretHash)
    {
        var info = state.State.Info;
        var valid = info is { Revoked: null }
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(secretHash), Encoding.ASCII.GetBytes(state.State.SecretHash));
        return Task.FromResult(valid ? info!.Principal : null);
    }

    public async Task RevokeAsync(string revokedBy)
    {
        if (state.State.Info is { Revoked: null } info)
        {
            state.State.Info = info with { Revoked = time.GetUtcNow() };
            await state.WriteStateAsync();
        }
    }

    public Task<ApiKeyInfo?> GetAsync() => Task.FromResult(state.State.Info);
}
