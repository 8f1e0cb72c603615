using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smgw.Cli;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>Offboarding (issue C §1): the tenant's data is exported for the service owner, then deleted, audited; its domain is refused afterwards.</summary>
public sealed class OffboardingTests
{
    [Fact]
    public async Task Offboarding_exports_the_tenants_data_then_deletes_it_and_the_domain_is_refused()
    {
        var bootstrap = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var pki = new GatewayPki();
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Http__ApiKey"] = bootstrap });
        await gateway.StartAsync();
        using var owner = gateway.Client(bootstrap);
        Ok(await owner.PutAsJsonAsync("/api/tenants/leaving", new { name = "Leaving Office", domains = new[] { "leaving.example" }, internalServer = "127.0.0.1:9" }));
        Ok(await owner.PutAsJsonAsync("/api/tenants/staying", new { domains = new[] { "staying.example" }, internalServer = "127.0.0.1:9" }));
        using var issued = await owner.PostAsJsonAsync("/api/keys", new { name = "Lea Leaving", role = "TenantAdmin", tenantId = "leaving" });
        using var admin = gateway.Client((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);

        var (certificate, key) = pki.Issue("leaving-org", "leaving.example organisation", "postmaster@leaving.example", TimeSpan.FromDays(365));
        Ok(await admin.PutAsJsonAsync("/api/tenants/leaving/organisation-certificates/leaving.example", new { certificatePem = certificate, privateKeyPem = key }));
        Ok(await admin.PutAsJsonAsync("/api/mailboxes/clerk@leaving.example", new { tenantId = "leaving", displayName = "Clerk", hasPersonalCertificate = true }));
        Ok(await admin.PutAsJsonAsync("/api/groups/leaving/board", new { kind = "internal", members = new[] { "clerk@leaving.example" }, policy = "board", description = "board" }));
        Ok(await admin.PutAsJsonAsync("/api/tenants/leaving/policy", new { tenantPolicy = "", groups = new[] { "board" } }));
        Ok(await admin.PutAsJsonAsync("/api/tenants/leaving/contacts", new { language = "en", contacts = new[] { new { name = "Lea Leaving", email = "lea@leaving.example" } } }));
        using (var pdf = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")))
        {
            pdf.Headers.ContentType = new("application/pdf");
            Ok(await admin.PutAsync("/api/tenants/leaving/documents/CL-16/agreement.pdf", pdf));
        }
        Ok(await admin.PostAsJsonAsync("/api/tenants/leaving/onboarding/register", new { }));
        await using (var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort))
        {
            await smtp.SendAsync("EHLO outside.example");
            await smtp.SendAsync("MAIL FROM:<someone@outside.example>");
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@leaving.example>"));
        }

        // Only the service owner offboards; the tenant admin cannot.
        using (var refused = await admin.PostAsJsonAsync("/api/tenants/leaving/onboarding/offboard", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var offboarded = await owner.PostAsJsonAsync("/api/tenants/leaving/onboarding/offboard", new { comment = "contract ended" });
        Ok(offboarded);
        var status = await offboarded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Offboarded", status.GetProperty("stage").GetString());
        var audit = status.GetProperty("audit").EnumerateArray().Select(a => a.GetProperty("comment").GetString()!).ToList();
        Assert.Equal("contract ended", audit[^3]);
        Assert.StartsWith("data exported (", audit[^2]);
        Assert.StartsWith("data deleted: configuration and directory entry (leaving.example freed), 1 mailbox(es), 1 group(s)", audit[^1]);

        // The export: only for the service owner.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/tenants/leaving/export")).StatusCode);
        var text = await owner.GetStringAsync("/api/tenants/leaving/export");
        var export = JsonDocument.Parse(text).RootElement;
        Assert.Equal("smgw-tenant-export/1", export.GetProperty("format").GetString());
        Assert.Equal(["leaving.example"], export.GetProperty("config").GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("lea@leaving.example", export.GetProperty("contacts").GetProperty("contacts")[0].GetProperty("email").GetString());
        Assert.Equal("clerk@leaving.example", Assert.Single(export.GetProperty("mailboxes").EnumerateArray()).GetProperty("address").GetString());
        Assert.Equal("board", Assert.Single(export.GetProperty("groups").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(["board"], export.GetProperty("policy").GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(18, export.GetProperty("checklist").GetArrayLength());
        Assert.Contains(export.GetProperty("onboarding").GetProperty("audit").EnumerateArray(), a => a.GetProperty("comment").GetString() == "contract ended");
        var document = Assert.Single(export.GetProperty("documents").EnumerateArray());
        Assert.Equal("agreement.pdf", document.GetProperty("name").GetString());
        var organisation = Assert.Single(export.GetProperty("keys").EnumerateArray());
        Assert.Contains("BEGIN CERTIFICATE", organisation.GetProperty("certificatePem").GetString());
        Assert.DoesNotContain("PRIVATE KEY", text);
        Assert.DoesNotContain("protectedPrivateKey", text, StringComparison.OrdinalIgnoreCase);

        // Running it again keeps the first export (nothing is left to export) and deletes nothing more.
        Ok(await owner.PostAsJsonAsync("/api/tenants/leaving/offboarding/complete", new { }));
        Assert.Equal(text, await owner.GetStringAsync("/api/tenants/leaving/export"));
        using (var notOffboarded = await owner.PostAsJsonAsync("/api/tenants/staying/offboarding/complete", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, notOffboarded.StatusCode);
        }

        // The CLI writes the same export.
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        using (var http = gateway.Client(bootstrap))
        {
            Assert.Equal(0, await new Commands(output, error, new ApiClient(http)).RunAsync(["tenants", "export", "leaving"]));
            Assert.Equal("smgw-tenant-export/1", JsonDocument.Parse(output.ToString()).RootElement.GetProperty("format").GetString());
        }

        // The data is gone ...
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/tenants/leaving")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/mailboxes/clerk@leaving.example")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/groups/leaving/board")).StatusCode);
        Assert.Equal("[]", await owner.GetStringAsync("/api/certificates/leaving.example"));
        Assert.Equal("[]", await owner.GetStringAsync("/api/tenants/leaving/documents"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/tenants/leaving/contacts")).StatusCode);
        Assert.DoesNotContain("leaving", await owner.GetStringAsync("/api/tenants"));
        Assert.Contains("staying", await owner.GetStringAsync("/api/tenants"));

        // ... and its domain is refused like any domain that is no tenant's.
        await using (var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort))
        {
            await smtp.SendAsync("EHLO outside.example");
            await smtp.SendAsync("MAIL FROM:<someone@outside.example>");
            Assert.StartsWith("550 5.7.1", await smtp.SendAsync("RCPT TO:<clerk@leaving.example>"));
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@staying.example>"));
        }
    }
}
