using Smgw.Interfaces.Access;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>API keys, issued and revoked by the service owner. The token is shown once, at creation.</summary>
public static class KeysApi
{
    public sealed record KeyRequest(string Name, ApiRole Role, string? TenantId);

    public sealed record IssuedKey(string Token, ApiKeyInfo Key);

    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder api)
    {
        api.MapPost("/keys", (KeyRequest request, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner) is { } refused)
            {
                return refused;
            }
            if (string.IsNullOrWhiteSpace(request.Name))
            {
                return Results.Problem(title: "Invalid input", detail: "name: say whose key this is (it appears in the audit trail).", statusCode: 400);
            }
            var (id, token, hash) = ApiKeyToken.Create();
            var principal = new ApiPrincipal
            {
                Name = request.Name.Trim(),
                Role = request.Role,
                TenantId = request.Role == ApiRole.TenantAdmin ? request.TenantId : null,
            };
            var info = await grains.GetGrain<IApiKeyGrain>(id).CreateAsync(hash, principal, ApiAccess.PrincipalOf(http).Name);
            return Results.Created($"/api/keys/{id}", new IssuedKey(token, info));
        }));

        api.MapGet("/keys/{id}", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.Require(http, ApiRole.ServiceOwner)
            ?? (await grains.GetGrain<IApiKeyGrain>(id).GetAsync() is { } info
                ? Results.Ok(info)
                : Results.Problem(title: "Not found", detail: $"API key '{id}' does not exist", statusCode: 404)));

        api.MapDelete("/keys/{id}", async (string id, HttpContext http, IGrainFactory grains) =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner) is { } refused)
            {
                return refused;
            }
            await grains.GetGrain<IApiKeyGrain>(id).RevokeAsync(ApiAccess.PrincipalOf(http).Name);
            return Results.NoContent();
        });
        return api;
    }
}
