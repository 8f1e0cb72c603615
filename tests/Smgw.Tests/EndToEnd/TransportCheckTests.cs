using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>CL-2, checked by the gateway itself: the tenant's mail server must offer STARTTLS; TLS version, cipher and certificate are reported.</summary>
public sealed class TransportCheckTests
{
    [Fact]
    public async Task A_server_without_starttls_fails_and_one_with_starttls_passes_and_the_checklist_records_it()
    {
        await using var plain = await SmtpSink.StartAsync();
        await using var tlsServer = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Smtp__Hostname"] = "mail.tls.test" });
        await tlsServer.StartAsync();
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("plain", new { domains = new[] { "plain.example" }, internalServer = plain.Endpoint });
        await gateway.PutTenantAsync("secure", new { domains = new[] { "secure.example" }, internalServer = $"127.0.0.1:{tlsServer.InboundPort}" });
        using (var register = await gateway.Http.PostAsJsonAsync("/api/tenants/plain/onboarding/register", new { }))
        {
            Assert.True(register.IsSuccessStatusCode);
        }

        var failed = await CheckAsync(gateway, "plain");
        Assert.False(failed.GetProperty("passed").GetBoolean());
        Assert.Contains("does not offer STARTTLS", failed.GetProperty("findings")[0].GetString());
        var item = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/plain/checklist")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-2");
        Assert.Equal("Failed", item.GetProperty("state").GetString());
        Assert.StartsWith("gateway check", item.GetProperty("updatedBy").GetString());

        var passed = await CheckAsync(gateway, "secure");
        Assert.True(passed.GetProperty("passed").GetBoolean(), passed.ToString());
        Assert.Contains(passed.GetProperty("tlsProtocol").GetString(), new[] { "Tls12", "Tls13" });
        Assert.False(string.IsNullOrEmpty(passed.GetProperty("cipherSuite").GetString()));
        Assert.Equal("CN=mail.tls.test", passed.GetProperty("certificateSubject").GetString());
        Assert.False(passed.GetProperty("certificateChainTrusted").GetBoolean()); // self-signed: reported, not fatal
        Assert.Contains(passed.GetProperty("findings").EnumerateArray(), f => f.GetString()!.Contains("STARTTLS offered"));

        using var missing = await gateway.Http.PostAsync("/api/tenants/nosuch/checks/CL-2", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_local_postfix_with_starttls_on_loopback_passes_with_tls_version_cipher_and_certificate()
    {
        await using var postfix = await PostfixInstance.StartAsync("mail.postfix.test");
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("pf", new { domains = new[] { "pf.example" }, internalServer = postfix.Endpoint });
        using (var register = await gateway.Http.PostAsJsonAsync("/api/tenants/pf/onboarding/register", new { }))
        {
            Assert.True(register.IsSuccessStatusCode);
        }

        var result = await CheckAsync(gateway, "pf");
        Assert.True(result.GetProperty("passed").GetBoolean(), result + "\n" + postfix.Log());
        Assert.Equal(postfix.Endpoint, result.GetProperty("server").GetString());
        Assert.Contains(result.GetProperty("tlsProtocol").GetString(), new[] { "Tls12", "Tls13" });
        Assert.StartsWith("TLS_", result.GetProperty("cipherSuite").GetString());
        Assert.Equal("CN=mail.postfix.test", result.GetProperty("certificateSubject").GetString());
        Assert.True(result.GetProperty("certificateNotAfter").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(29));
        Assert.False(result.GetProperty("certificateChainTrusted").GetBoolean()); // openssl's self-signed certificate: reported, not fatal
        Assert.Contains("STARTTLS offered", result.GetProperty("findings")[0].GetString());

        // Postfix itself saw the TLS session the check negotiated.
        await Eventually.WaitAsync(() => Task.FromResult(postfix.Log().Contains("TLS connection established from localhost[127.0.0.1]", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "Postfix to log the TLS connection");

        var item = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/pf/checklist")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-2");
        Assert.Equal("Done", item.GetProperty("state").GetString());
        Assert.Contains($"gateway check of {postfix.Endpoint}", item.GetProperty("evidence").GetString());
        Assert.Contains("with TLS_", item.GetProperty("evidence").GetString());

        // The same Postfix without STARTTLS fails, and the checklist item turns Failed with the reason.
        await using var plainPostfix = await PostfixInstance.StartAsync("plain.postfix.test", startTls: false);
        await gateway.PutTenantAsync("pf", new { domains = new[] { "pf.example" }, internalServer = plainPostfix.Endpoint });
        var refused = await CheckAsync(gateway, "pf");
        Assert.False(refused.GetProperty("passed").GetBoolean(), refused.ToString());
        Assert.Contains("does not offer STARTTLS", refused.GetProperty("findings")[0].GetString());
        item = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/pf/checklist")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-2");
        Assert.Equal("Failed", item.GetProperty("state").GetString());
        Assert.Contains("does not offer STARTTLS", item.GetProperty("note").GetString());
    }

    private static async Task<JsonElement> CheckAsync(GatewayProcess gateway, string tenant)
    {
        using var response = await gateway.Http.PostAsync($"/api/tenants/{tenant}/checks/CL-2", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
