using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// The onboarding-check endpoints with roles: checks are run by staff only; a tenant admin manages
/// only their own tenant's TLS certificate, mailbox activity and mailbox deletions.
/// </summary>
public sealed class ChecksAccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>, IDisposable
{
    private readonly GatewayPki _pki = new();

    public void Dispose() => _pki.Dispose();

    private static async Task AssertStatusAsync(HttpStatusCode expected, Task<HttpResponseMessage> call, string what)
    {
        using var response = await call;
        Assert.True(expected == response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_tenant_admin_runs_no_checks_and_is_refused_on_another_tenants_tls_certificate_and_mailboxes()
    {
        var certificatePem = _pki.IssueTlsServer(["mail.alpha.example"]).CertificatePem;
        await AssertStatusAsync(HttpStatusCode.OK, fixture.Owner.PutAsJsonAsync("/api/mailboxes/keep@alpha.example", new { tenantId = "alpha" }), "owner creates a mailbox");
        foreach (var item in new[] { "CL-2", "CL-3", "CL-4", "CL-5", "CL-6", "CL-7", "CL-9", "CL-10", "CL-18" })
        {
            await AssertStatusAsync(HttpStatusCode.Forbidden, fixture.Alpha.PostAsync($"/api/tenants/alpha/checks/{item}", null), $"tenant admin runs {item}");
        }
        var beta = fixture.Beta;
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.PutAsJsonAsync("/api/tenants/alpha/tls-certificate", new { certificatePem }), "PUT tls-certificate");
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.GetAsync("/api/tenants/alpha/tls-certificate"), "GET tls-certificate");
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.DeleteAsync("/api/tenants/alpha/tls-certificate"), "DELETE tls-certificate");
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.GetAsync("/api/tenants/alpha/mailbox-activity"), "GET mailbox-activity");
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.GetAsync("/api/tenants/alpha/mailbox-deletions"), "GET mailbox-deletions");
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.DeleteAsync("/api/mailboxes/keep@alpha.example"), "DELETE mailbox");

        // Their own: allowed; and the mailbox beta could not delete is still there.
        await AssertStatusAsync(HttpStatusCode.OK, fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/tls-certificate", new { certificatePem }), "alpha uploads");
        await AssertStatusAsync(HttpStatusCode.OK, fixture.Alpha.GetAsync("/api/tenants/alpha/mailbox-activity"), "alpha lists");
        await AssertStatusAsync(HttpStatusCode.OK, fixture.Owner.GetAsync("/api/mailboxes/keep@alpha.example"), "mailbox kept");
        await AssertStatusAsync(HttpStatusCode.OK, fixture.Operations.PostAsync("/api/tenants/alpha/checks/CL-10", null), "operations runs CL-10");
    }
}
