using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Access;
using Smgw.Silo.Hosting;

namespace Smgw.Silo.Api;

/// <summary>
/// Authentication of <c>/api</c>: <c>Authorization: Bearer &lt;token&gt;</c> with either the bootstrap
/// key <c>Smgw:Http:ApiKey</c> (service owner) or an issued key <c>smgw_&lt;id&gt;_&lt;secret&gt;</c>
/// (stored as a SHA-256 hash, with a role and, for tenant admins, a tenant). Without
/// <c>Smgw:Http:ApiKey</c>, a loopback client without a token acts as service owner (the
/// all-in-one on a developer's machine); everything else without a valid token gets 401.
/// The principal is handed to the endpoints, which check role and tenant.
/// </summary>
public sealed class ApiAccess(IOptions<HttpOptions> options, IGrainFactory grains) : IEndpointFilter
{
    private const string PrincipalKey = "smgw.principal";

    public static ApiPrincipal PrincipalOf(HttpContext http) =>
        http.Items[PrincipalKey] as ApiPrincipal ?? throw new InvalidOperationException("no authenticated principal");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var principal = await AuthenticateAsync(http);
        if (principal is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(title: "Unauthorized", detail: "Send Authorization: Bearer <API key>.", statusCode: 401);
        }
        http.Items[PrincipalKey] = principal;
        return await next(context);
    }

    private async Task<ApiPrincipal?> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
        var bootstrap = options.Value.ApiKey;

        if (token.Length == 0)
        {
            var remote = http.Connection.RemoteIpAddress;
            return string.IsNullOrEmpty(bootstrap) && remote is not null && IPAddress.IsLoopback(remote)
                ? new ApiPrincipal { Name = "loopback", Role = ApiRole.ServiceOwner }
                : null;
        }
        if (!string.IsNullOrEmpty(bootstrap)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(bootstrap)))
        {
            return new ApiPrincipal { Name = "bootstrap", Role = ApiRole.ServiceOwner };
        }
        return ApiKeyToken.TryParse(token, out var id, out var secret)
            ? await grains.GetGrain<IApiKeyGrain>(id).VerifyAsync(ApiKeyToken.Hash(secret))
            : null;
    }
}
