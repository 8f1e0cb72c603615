using System.Security.Cryptography.X509Certificates;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Keys;

namespace Smgw.Silo.Publication;

/// <summary>
/// What the gateway publishes for everyone (CL-18), without authentication: each tenant domain's
/// organisation certificate, public part only, at <c>/certs/{domain}.pem</c> (PEM) and
/// <c>/certs/{domain}.cer</c> (DER). Only domains of a tenant are answered (looked up in the
/// in-memory tenant directory before any grain is asked).
/// </summary>
public static class PublicationApi
{
    public const string CertificatesPath = "/certs";

    public static WebApplication MapPublication(this WebApplication app)
    {
        app.MapGet(CertificatesPath + "/{file}", async (string file, TenantDirectory directory, IGrainFactory grains, CancellationToken ct) =>
        {
            var pem = file.EndsWith(".pem", StringComparison.OrdinalIgnoreCase);
            if (!pem && !file.EndsWith(".cer", StringComparison.OrdinalIgnoreCase))
            {
                return NotFound(file);
            }
            var domain = file[..^4].Trim().ToLowerInvariant();
            if (domain.Length == 0 || await directory.FindByDomainAsync(domain, ct) is null)
            {
                return NotFound(file);
            }
            var entry = (await grains.GetGrain<IKeyStoreGrain>(domain).ListAsync()).FirstOrDefault(e => e.Kind == KeyKind.Organisation);
            if (entry is null)
            {
                return NotFound(file);
            }
            if (pem)
            {
                return Results.Text(entry.CertificatePem, "application/x-pem-file");
            }
            using var certificate = X509Certificate2.CreateFromPem(entry.CertificatePem);
            return Results.Bytes(certificate.RawData, "application/pkix-cert", $"{domain}.cer");
        }).ExcludeFromDescription();
        return app;
    }

    private static IResult NotFound(string file) =>
        Results.Problem(title: "Not found", detail: $"{CertificatesPath}/{file}: no published certificate of that name", statusCode: 404);
}
