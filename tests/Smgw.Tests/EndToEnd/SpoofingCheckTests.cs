using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>CL-3, checked by the gateway itself against a real DNS server (dnsmasq) and its own Internet-facing listener.</summary>
public sealed class SpoofingCheckTests
{
    [Fact]
    public async Task Spf_must_admit_only_relays_and_the_gateway_and_end_in_minus_all()
    {
        await using var dns = await Dnsmasq.StartAsync(
            new Dictionary<string, (string, int)>(),
            new Dictionary<string, string> { ["relay.good.example"] = "192.0.2.10" },
            new Dictionary<string, string>
            {
                ["good.example"] = "v=spf1 ip4:192.0.2.0/28 a:relay.good.example ip4:203.0.113.5 -all",
                ["wide.example"] = "v=spf1 ip4:0.0.0.0/0 ~all",
                ["inc.example"] = "v=spf1 include:_spf.provider.example -all",
            });
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Delivery__DnsServers__0"] = dns.Endpoint,
            ["Smgw__Checks__GatewayAddresses__0"] = "203.0.113.5",
        });
        await gateway.StartAsync();
        foreach (var tenant in new[] { "good", "wide", "inc", "none" })
        {
            await gateway.PutTenantAsync(tenant, new { domains = new[] { $"{tenant}.example" }, relayAddresses = new[] { "192.0.2.0/28" } });
        }
        using (var register = await gateway.Http.PostAsJsonAsync("/api/tenants/wide/onboarding/register", new { }))
        {
            Assert.True(register.IsSuccessStatusCode);
        }

        var good = await CheckAsync(gateway, "good");
        Assert.True(good.GetProperty("passed").GetBoolean(), good.ToString());
        Assert.Contains(Findings(good), f => f.Contains("from outside is refused: \"550 5.7.1"));

        var wide = await CheckAsync(gateway, "wide");
        Assert.False(wide.GetProperty("passed").GetBoolean());
        Assert.Contains(Findings(wide), f => f.Contains("\"ip4:0.0.0.0/0\" admits senders that are neither relays of the tenant nor the gateway"));
        Assert.Contains(Findings(wide), f => f.Contains("ends with \"~all\""));
        var item = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/wide/checklist")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-3");
        Assert.Equal("Failed", item.GetProperty("state").GetString());

        var include = await CheckAsync(gateway, "inc");
        Assert.False(include.GetProperty("passed").GetBoolean());
        Assert.Contains(Findings(include), f => f.Contains("\"include:_spf.provider.example\" cannot be verified automatically"));

        var none = await CheckAsync(gateway, "none");
        Assert.False(none.GetProperty("passed").GetBoolean());
        Assert.Contains(Findings(none), f => f.Contains("none.example: no SPF record"));
    }

    private static IEnumerable<string> Findings(JsonElement result) =>
        result.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!);

    private static async Task<JsonElement> CheckAsync(GatewayProcess gateway, string tenant)
    {
        using var response = await gateway.Http.PostAsync($"/api/tenants/{tenant}/checks/CL-3", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
