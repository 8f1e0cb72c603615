using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>CL-4/5, checked by the gateway: trust anchors chosen, an organisation certificate per domain that chains to them, names the domain and does not expire soon.</summary>
public sealed class OrganisationCertificateCheckTests
{
    [Fact]
    public async Task The_organisation_certificate_must_chain_name_the_domain_and_not_expire_soon()
    {
        using var pki = new GatewayPki();
        using var otherPki = new GatewayPki();
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();

        async Task TenantAsync(string id, string? anchorPem, (string Certificate, string Key)? organisation)
        {
            await gateway.PutTenantAsync(id, new { domains = new[] { $"{id}.example" } });
            if (anchorPem is not null)
            {
                Ok(await gateway.Http.PutAsJsonAsync($"/api/tenants/{id}/trust-anchors", new { certificates = new[] { anchorPem } }));
            }
            if (organisation is { } o)
            {
                Ok(await gateway.Http.PutAsJsonAsync($"/api/tenants/{id}/organisation-certificates/{id}.example", new { certificatePem = o.Certificate, privateKeyPem = o.Key }));
            }
        }

        await TenantAsync("fine", pki.CaPem, pki.Issue("fine", "fine.example organisation", "postmaster@fine.example"));
        await TenantAsync("soon", pki.CaPem, pki.Issue("soon", "soon.example organisation", "postmaster@soon.example", TimeSpan.FromDays(10)));
        await TenantAsync("foreign", pki.CaPem, otherPki.Issue("foreign", "foreign.example organisation", "postmaster@foreign.example"));
        await TenantAsync("misnamed", pki.CaPem, pki.Issue("misnamed", "misnamed organisation", "postmaster@elsewhere.example"));
        await TenantAsync("missing", pki.CaPem, null);
        await TenantAsync("noanchor", null, null);

        var fine = await CheckAsync(gateway, "fine");
        Assert.True(fine.GetProperty("passed").GetBoolean(), fine.ToString());
        Assert.Contains("valid until", Findings(fine).Single());

        Assert.Contains("in 9 day(s)", await FailureAsync(gateway, "soon"));
        Assert.Contains("does not chain to a trusted anchor", await FailureAsync(gateway, "foreign"));
        Assert.Contains("does not name misnamed.example", await FailureAsync(gateway, "misnamed"));
        Assert.Contains("no organisation certificate uploaded", await FailureAsync(gateway, "missing"));
        Assert.Contains("no trust center chosen", await FailureAsync(gateway, "noanchor"));
    }

    private static async Task<string> FailureAsync(GatewayProcess gateway, string tenant)
    {
        var result = await CheckAsync(gateway, tenant);
        Assert.False(result.GetProperty("passed").GetBoolean(), result.ToString());
        return string.Join(" | ", Findings(result));
    }

    private static IEnumerable<string> Findings(JsonElement result) =>
        result.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!);

    private static async Task<JsonElement> CheckAsync(GatewayProcess gateway, string tenant)
    {
        using var response = await gateway.Http.PostAsync($"/api/tenants/{tenant}/checks/CL-5", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

}
