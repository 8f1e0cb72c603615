using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>CL-9 (listed addresses and personal certificates) and CL-10 (passive mailboxes, audited deletion), checked by the gateway.</summary>
public sealed class MailboxChecksTests
{
    [Fact]
    public async Task Listed_addresses_must_be_in_a_tenant_domain_and_listed_personal_certificates_valid()
    {
        using var pki = new GatewayPki();
        using var otherPki = new GatewayPki();
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("cl9", new
        {
            domains = new[] { "cl9.example" },
            routingMode = "ListedAddresses",
            listedAddresses = new[] { "good@cl9.example", "nocert@cl9.example", "foreign@cl9.example", "soon@cl9.example", "wrongname@cl9.example" },
        });
        Ok(await gateway.Http.PostAsJsonAsync("/api/tenants/cl9/onboarding/register", new { }));
        Ok(await gateway.Http.PutAsJsonAsync("/api/tenants/cl9/trust-anchors", new { certificates = new[] { pki.CaPem } }));
        async Task MailboxAsync(string address, (string Certificate, string Key)? certificate)
        {
            Ok(await gateway.Http.PutAsJsonAsync($"/api/mailboxes/{address}", new { address, tenantId = "cl9", hasPersonalCertificate = true }));
            if (certificate is { } c)
            {
                Ok(await gateway.Http.PutAsJsonAsync($"/api/certificates/{address}", new { certificatePem = c.Certificate }));
            }
        }
        await MailboxAsync("good@cl9.example", pki.Issue("good", "Good Clerk", "good@cl9.example"));
        await MailboxAsync("nocert@cl9.example", null);
        await MailboxAsync("foreign@cl9.example", otherPki.Issue("foreign", "Foreign Clerk", "foreign@cl9.example"));
        await MailboxAsync("soon@cl9.example", pki.Issue("soon", "Soon Clerk", "soon@cl9.example", TimeSpan.FromDays(10)));
        await MailboxAsync("wrongname@cl9.example", pki.Issue("wrongname", "Wrong Name", "someone.else@cl9.example"));
        Ok(await gateway.Http.PutAsJsonAsync("/api/mailboxes/unlisted@cl9.example", new { address = "unlisted@cl9.example", tenantId = "cl9" }));
        Ok(await gateway.Http.PutAsJsonAsync("/api/mailboxes/stray@elsewhere.example", new { address = "stray@elsewhere.example", tenantId = "cl9" }));

        var failed = await CheckAsync(gateway, "cl9", "CL-9");
        Assert.False(failed.GetProperty("passed").GetBoolean(), failed.ToString());
        var findings = Findings(failed);
        Assert.Contains(findings, f => f.StartsWith("stray@elsewhere.example: a mailbox of the tenant, but not in one of its domains (cl9.example)"));
        Assert.Contains(findings, f => f.StartsWith("nocert@cl9.example: marked as having a personal certificate, but none is stored"));
        Assert.Contains(findings, f => f.StartsWith("foreign@cl9.example: personal certificate") && f.Contains("does not chain to a trusted anchor"));
        Assert.Contains(findings, f => f.StartsWith("soon@cl9.example: personal certificate") && f.Contains("in 9 day(s)"));
        Assert.Contains(findings, f => f.StartsWith("wrongname@cl9.example: personal certificate") && f.Contains("wrongname@cl9.example is not in the certificate"));
        Assert.Contains(findings, f => f.StartsWith("unlisted@cl9.example: a mailbox of the tenant, but not in listedAddresses"));
        Assert.DoesNotContain(findings, f => f.StartsWith("good@cl9.example"));
        Assert.Contains("1 of 5 personal certificate(s) valid", findings[^1]);
        var item = await ItemAsync(gateway, "cl9", "CL-9");
        Assert.Equal("Failed", item.GetProperty("state").GetString());
        Assert.StartsWith("stray@elsewhere.example", item.GetProperty("note").GetString());

        // Fixed: the stray mailbox deleted, the unlisted mailbox listed, and only the good certificate left marked.
        Ok(await gateway.Http.DeleteAsync("/api/mailboxes/stray@elsewhere.example?reason=not%20ours"));
        await gateway.PutTenantAsync("cl9", new
        {
            domains = new[] { "cl9.example" },
            routingMode = "ListedAddresses",
            listedAddresses = new[] { "good@cl9.example", "unlisted@cl9.example", "nocert@cl9.example", "foreign@cl9.example", "soon@cl9.example", "wrongname@cl9.example" },
        });
        foreach (var address in new[] { "foreign@cl9.example", "soon@cl9.example", "wrongname@cl9.example" })
        {
            Ok(await gateway.Http.PutAsJsonAsync($"/api/mailboxes/{address}", new { address, tenantId = "cl9", hasPersonalCertificate = false }));
        }
        // nocert gets a personal certificate the gateway holds with its key.
        var (held, heldKey) = pki.Issue("nocert", "No Longer Without", "nocert@cl9.example");
        Ok(await gateway.Http.PutAsJsonAsync("/api/tenants/cl9/personal-certificates/nocert@cl9.example", new { certificatePem = held, privateKeyPem = heldKey }));
        var passed = await CheckAsync(gateway, "cl9", "CL-9");
        Assert.True(passed.GetProperty("passed").GetBoolean(), passed.ToString());
        Assert.Equal("only listed addresses go through the gateway: 6 listed, 6 mailbox(es), 2 of 2 personal certificate(s) valid", Findings(passed).Single());
        Assert.Equal("Done", (await ItemAsync(gateway, "cl9", "CL-9")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Mailboxes_without_traffic_are_listed_for_deletion_and_their_deletion_is_audited()
    {
        // A short "passive" limit and a fast flush of the silo's in-memory traffic: no fake clock in a real process.
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Checks__PassiveMailboxAfter"] = "00:00:08",
            ["Smgw__Mailboxes__FlushInterval"] = "00:00:00.200",
        });
        await gateway.StartAsync();
        await gateway.PutTenantAsync("cl10", new { domains = new[] { "cl10.example" }, internalServer = sink.Endpoint });
        Ok(await gateway.Http.PostAsJsonAsync("/api/tenants/cl10/onboarding/register", new { }));
        foreach (var address in new[] { "idle@cl10.example", "busy@cl10.example" })
        {
            Ok(await gateway.Http.PutAsJsonAsync($"/api/mailboxes/{address}", new { address, tenantId = "cl10" }));
        }

        var fresh = await CheckAsync(gateway, "cl10", "CL-10");
        Assert.True(fresh.GetProperty("passed").GetBoolean(), fresh.ToString());
        Assert.Equal("2 mailbox(es), 0 without traffic for 00:00:08; 0 deletion(s) audited", Findings(fresh).Single());

        // Eight seconds after registration without a message, both are passive.
        var both = await Eventually.WaitAsync(async () =>
        {
            var result = await CheckAsync(gateway, "cl10", "CL-10");
            return Findings(result).Count == 3 ? (JsonElement?)result : null;
        }, TimeSpan.FromSeconds(60), "both mailboxes to become passive");
        Assert.False(both.GetProperty("passed").GetBoolean());
        Assert.Contains(Findings(both), f => f.StartsWith("idle@cl10.example: no traffic since it was registered on") && f.Contains("DELETE /api/mailboxes/idle@cl10.example"));
        Assert.Equal("Failed", (await ItemAsync(gateway, "cl10", "CL-10")).GetProperty("state").GetString());

        // A message to busy: its traffic reaches the tenant's mailbox index with the next flush, and it is no longer passive.
        await using (var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort))
        {
            await smtp.SendAsync("EHLO outside.example");
            await smtp.SendAsync("MAIL FROM:<someone@outside.example>");
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<Busy@cl10.example>"));
            Assert.StartsWith("250", await smtp.SendDataAsync("Subject: still in use\n\nhello\n"));
        }
        var onlyIdle = await Eventually.WaitAsync(async () =>
        {
            var result = await CheckAsync(gateway, "cl10", "CL-10");
            return Findings(result).Count == 2 ? (JsonElement?)result : null;
        }, TimeSpan.FromSeconds(30), "busy's traffic to be recorded");
        Assert.StartsWith("idle@cl10.example: no traffic since it was registered", Findings(onlyIdle)[0]);
        var activity = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/cl10/mailbox-activity");
        var busy = activity.GetProperty("mailboxes").EnumerateArray().Single(m => m.GetProperty("address").GetString() == "busy@cl10.example");
        Assert.False(busy.GetProperty("passive").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, busy.GetProperty("lastTrafficUtc").ValueKind);

        // Deletion through the API, as the tenant's admin would: audited with who, when, why and the last traffic.
        using var deleted = await gateway.Http.DeleteAsync("/api/mailboxes/idle@cl10.example?reason=left%20the%20authority");
        Ok(deleted);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Http.GetAsync("/api/mailboxes/idle@cl10.example")).StatusCode);
        var audit = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/cl10/mailbox-deletions")).EnumerateArray().Single();
        Assert.Equal("idle@cl10.example", audit.GetProperty("address").GetString());
        Assert.Equal("left the authority", audit.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(audit.GetProperty("deletedBy").GetString()));
        Assert.Equal(JsonValueKind.Null, audit.GetProperty("lastTrafficUtc").ValueKind);

        var after = await CheckAsync(gateway, "cl10", "CL-10");
        Assert.True(after.GetProperty("passed").GetBoolean(), after.ToString());
        Assert.EndsWith("1 deletion(s) audited", Findings(after).Single());
        Assert.Equal("Done", (await ItemAsync(gateway, "cl10", "CL-10")).GetProperty("state").GetString());
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
