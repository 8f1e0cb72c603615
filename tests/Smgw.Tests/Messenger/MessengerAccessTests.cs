using System.Net;
using System.Net.Http.Json;
using Smgw.Tests.EndToEnd;
using Xunit;

namespace Smgw.Tests.Messenger;

/// <summary>Who may read and change a tenant's Messenger settings and deposit passwords (CL-13).</summary>
public sealed class MessengerAccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static object Settings(bool allowDeposit) => new
    {
        allowPasswordDeposit = allowDeposit,
        verification = "CodeFromSender",
        retentionDays = 14,
        texts = new[] { new { domain = "alpha.example", language = "en", subject = "Secure mail from {sender}", body = "Read it: {link}" } },
    };

    [Fact]
    public async Task A_tenant_admin_manages_only_the_own_tenants_Messenger_and_operations_may_only_read()
    {
        using (var own = await fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/messenger", Settings(false)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }
        var read = await fixture.Alpha.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/tenants/alpha/messenger");
        Assert.Equal(14, read.GetProperty("retentionDays").GetInt32());
        Assert.Equal("CodeFromSender", read.GetProperty("verification").GetString());
        Assert.Equal("alpha.example", read.GetProperty("texts")[0].GetProperty("domain").GetString());

        using (var foreignDomain = await fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/messenger", new
        {
            retentionDays = 14,
            texts = new[] { new { domain = "beta.example", language = "de", subject = "x", body = "{link}" } },
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, foreignDomain.StatusCode);
            Assert.Contains("not a domain of tenant alpha", await foreignDomain.Content.ReadAsStringAsync());
        }

        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => fixture.Alpha.GetAsync("/api/tenants/beta/messenger"),
            () => fixture.Alpha.PutAsJsonAsync("/api/tenants/beta/messenger", Settings(true)),
            () => fixture.Alpha.PutAsJsonAsync("/api/tenants/beta/messenger/accounts/someone@remote.example/password", new { password = "a long password 1" }),
            () => fixture.Operations.PutAsJsonAsync("/api/tenants/alpha/messenger", Settings(true)),
        })
        {
            using var response = await request();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using (var operations = await fixture.Operations.GetAsync("/api/tenants/alpha/messenger"))
        {
            Assert.Equal(HttpStatusCode.OK, operations.StatusCode);
        }

        // CL-13 not granted: even the tenant's own administrator may not deposit a password.
        using var deposit = await fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/messenger/accounts/someone@remote.example/password", new { password = "a long password 1" });
        Assert.Equal(HttpStatusCode.Forbidden, deposit.StatusCode);
        Assert.Contains("CL-13", await deposit.Content.ReadAsStringAsync());
    }
}
