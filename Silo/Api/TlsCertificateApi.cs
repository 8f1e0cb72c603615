using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// The TLS server certificate of a tenant's mail server (CL-6/7): uploaded as PEM with its chain,
/// public part only (the gateway does not need the server's private key and refuses it).
/// </summary>
public static class TlsCertificateApi
{
    public sealed record TlsCertificateRequest(string? CertificatePem);

    public static RouteGroupBuilder MapTlsCertificateApi(this RouteGroupBuilder api)
    {
        api.MapPut("/tenants/{tenant}/tls-certificate", (string tenant, TlsCertificateRequest body, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            if (Access.RequireTenant(http, tenant) is { } refused)
            {
                return refused;
            }
            if (await grains.GetGrain<ITenantGrain>(tenant).GetAsync() is null)
            {
                return Results.Problem(title: "Not found", detail: $"tenant '{tenant}' does not exist", statusCode: 404);
            }
            if (string.IsNullOrWhiteSpace(body.CertificatePem))
            {
                throw new ArgumentException("certificatePem: the mail server's certificate, then its intermediate certificates (PEM)");
            }
            return Results.Ok(await grains.GetGrain<ITlsCertificateGrain>(tenant).SetAsync(body.CertificatePem, ApiAccess.PrincipalOf(http).Name));
        }));

        api.MapGet("/tenants/{tenant}/tls-certificate", async (string tenant, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, tenant)
            ?? (await grains.GetGrain<ITlsCertificateGrain>(tenant).GetAsync() is { } record
                ? Results.Ok(record)
                : Results.Problem(title: "Not found", detail: $"tenant '{tenant}' has no TLS server certificate uploaded", statusCode: 404)));

        api.MapDelete("/tenants/{tenant}/tls-certificate", async (string tenant, HttpContext http, IGrainFactory grains) =>
        {
            if (Access.RequireTenant(http, tenant) is { } refused)
            {
                return refused;
            }
            await grains.GetGrain<ITlsCertificateGrain>(tenant).RemoveAsync();
            return Results.NoContent();
        });
        return api;
    }
}
