using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// CL-6/7, checked by the gateway: trust anchors chosen; the uploaded TLS server certificate chains to
/// them, allows serverAuth, names the mail server or the domains, does not expire soon, and is the one
/// the tenant's mail server (a real Postfix on loopback) presents after STARTTLS.
/// </summary>
public sealed class TlsCertificateCheckTests
{
    [Fact]
    public async Task The_tls_certificate_must_chain_allow_server_auth_name_the_server_not_expire_soon_and_be_the_one_presented()
    {
        using var pki = new GatewayPki();
        using var otherPki = new GatewayPki();
        var served = pki.IssueTlsServer(["mail.postfix.test", "localhost"]);
        await using var postfix = await PostfixInstance.StartAsync("mail.postfix.test", (served.CertificatePem + "\n" + pki.CaPem, served.KeyPem));
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();

        async Task TenantAsync(string id, string internalServer, string? anchorPem, string? certificatePem)
        {
            await gateway.PutTenantAsync(id, new { domains = new[] { $"{id}.example" }, internalServer });
            Ok(await gateway.Http.PostAsJsonAsync($"/api/tenants/{id}/onboarding/register", new { }));
            if (anchorPem is not null)
            {
                Ok(await gateway.Http.PutAsJsonAsync($"/api/tenants/{id}/trust-anchors", new { certificates = new[] { anchorPem } }));
            }
            if (certificatePem is not null)
            {
                Ok(await gateway.Http.PutAsJsonAsync($"/api/tenants/{id}/tls-certificate", new { certificatePem }));
            }
        }

        const string Closed = "127.0.0.1:9";
        var byName = $"localhost:{postfix.Port}"; // the name the certificate must cover
        await TenantAsync("fine", byName, pki.CaPem, served.CertificatePem + "\n" + pki.CaPem);
        await TenantAsync("swapped", byName, pki.CaPem, pki.IssueTlsServer(["localhost"]).CertificatePem);
        await TenantAsync("bydomain", Closed, pki.CaPem, pki.IssueTlsServer(["bydomain.example"]).CertificatePem);
        await TenantAsync("soon", Closed, pki.CaPem, pki.IssueTlsServer(["soon.example"], TimeSpan.FromDays(10)).CertificatePem);
        await TenantAsync("foreign", Closed, pki.CaPem, otherPki.IssueTlsServer(["foreign.example"]).CertificatePem);
        await TenantAsync("client", Closed, pki.CaPem, pki.IssueTlsServer(["client.example"], extendedKeyUsage: "1.3.6.1.5.5.7.3.2").CertificatePem);
        await TenantAsync("misnamed", Closed, pki.CaPem, pki.IssueTlsServer(["elsewhere.example"]).CertificatePem);
        await TenantAsync("missing", Closed, pki.CaPem, null);
        await TenantAsync("noanchor", Closed, null, served.CertificatePem);

        var fine = await CheckAsync(gateway, "fine", "CL-7");
        Assert.True(fine.GetProperty("passed").GetBoolean(), fine.ToString());
        Assert.Contains("names the mail server localhost", Findings(fine)[0]);
        Assert.Contains($"the mail server {byName} presents the uploaded certificate", Findings(fine)[1]);
        Assert.Equal("Done", (await ItemAsync(gateway, "fine", "CL-7")).GetProperty("state").GetString());
        Assert.Equal("Done", (await ItemAsync(gateway, "fine", "CL-6")).GetProperty("state").GetString());

        var bydomain = await CheckAsync(gateway, "bydomain", "CL-6");
        Assert.True(bydomain.GetProperty("passed").GetBoolean(), bydomain.ToString());
        Assert.Contains("names the tenant domains bydomain.example", Findings(bydomain)[0]);
        Assert.Contains("could not compare", Findings(bydomain)[1]);

        Assert.Contains("presents another certificate", await FailureAsync(gateway, "swapped"));
        Assert.Contains("in 9 day(s)", await FailureAsync(gateway, "soon"));
        Assert.Contains("does not chain to a trusted anchor", await FailureAsync(gateway, "foreign"));
        Assert.Contains("lacks serverAuth", await FailureAsync(gateway, "client"));
        Assert.Contains("names elsewhere.example, but neither the mail server 127.0.0.1 nor every tenant domain (misnamed.example)", await FailureAsync(gateway, "misnamed"));
        Assert.Contains("no TLS server certificate uploaded", await FailureAsync(gateway, "missing"));
        Assert.Contains("no trust center chosen", await FailureAsync(gateway, "noanchor"));

        // The reasons are on the checklist: CL-7 failed, and CL-6 failed only where no trust center was chosen.
        var swapped = await ItemAsync(gateway, "swapped", "CL-7");
        Assert.Equal("Failed", swapped.GetProperty("state").GetString());
        Assert.Contains("presents another certificate", swapped.GetProperty("note").GetString());
        Assert.Equal("Done", (await ItemAsync(gateway, "swapped", "CL-6")).GetProperty("state").GetString());
        Assert.Equal("Failed", (await ItemAsync(gateway, "noanchor", "CL-6")).GetProperty("state").GetString());

        // Public part only; what was stored is shown.
        using var withKey = await gateway.Http.PutAsJsonAsync("/api/tenants/fine/tls-certificate", new { certificatePem = served.CertificatePem + "\n" + served.KeyPem });
        Assert.Equal(HttpStatusCode.BadRequest, withKey.StatusCode);
        Assert.Contains("does not need the private key", await withKey.Content.ReadAsStringAsync());
        var stored = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/fine/tls-certificate");
        Assert.Equal("CN=mail.postfix.test, O=SMGW Tests", stored.GetProperty("subject").GetString());
        Assert.Single(stored.GetProperty("chainPem").EnumerateArray());
    }

    private static async Task<string> FailureAsync(GatewayProcess gateway, string tenant)
    {
        var result = await CheckAsync(gateway, tenant, "CL-7");
        Assert.False(result.GetProperty("passed").GetBoolean(), result.ToString());
        return string.Join(" | ", Findings(result));
    }

    private static List<string> Findings(JsonElement result) =>
        result.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToList();

    private static async Task<JsonElement> ItemAsync(GatewayProcess gateway, string tenant, string item) =>
        (await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/tenants/{tenant}/checklist")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == item);

    private static async Task<JsonElement> CheckAsync(GatewayProcess gateway, string tenant, string item)
    {
        using var response = await gateway.Http.PostAsync($"/api/tenants/{tenant}/checks/{item}", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
