using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Smgw.Silo.Hosting;

namespace Smgw.Silo.Api;

/// <summary>
/// Until issue C brings roles: with <c>Smgw:Http:ApiKey</c> set, <c>/api</c> needs
/// <c>Authorization: Bearer &lt;key&gt;</c>; without it, only loopback clients are served.
/// </summary>
public sealed class ApiAccess(IOptions<HttpOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = options.Value.ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is not null && !IPAddress.IsLoopback(remote))
            {
                return Results.Problem(title: "Forbidden", detail: "Without Smgw:Http:ApiKey the admin API answers loopback clients only.", statusCode: 403);
            }
            return await next(context);
        }

        var header = http.Request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key)))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(title: "Unauthorized", detail: "Send Authorization: Bearer <Smgw:Http:ApiKey>.", statusCode: 401);
        }
        return await next(context);
    }
}
