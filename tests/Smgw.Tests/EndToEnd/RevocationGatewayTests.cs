using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MimeKit;
using System.Text.Json;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Revocation in the real gateway process: a recipient certificate that OpenSSL's CA database
/// says is revoked is not used (mandatory encryption refuses with 5.7.1 and the trace says why),
/// a good one is, and one whose responders are unreachable is used with the caveat in the trace
/// (the default soft fail). Inbound: a signature by a revoked signer verifies mathematically but is
/// stamped invalid (revoked) and its certificate is not harvested; a good signer's is; a signer whose
/// responders are unreachable is stamped valid with its unknown revocation status.
/// </summary>
public sealed class RevocationGatewayTests(RevocationGatewayTests.Fixture fixture) : IClassFixture<RevocationGatewayTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public RevocationPki Pki { get; } = new();
        public SmtpSink Tenant { get; private set; } = null!;
        public SmtpSink Smarthost { get; private set; } = null!;
        public GatewayProcess Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Pki.InitializeAsync();
            Tenant = await SmtpSink.StartAsync();
            Smarthost = await SmtpSink.StartAsync();
            Gateway = new GatewayProcess(new Dictionary<string, string>
            {
                ["Smgw__Delivery__Smarthost"] = Smarthost.Endpoint,
                ["Smgw__Revocation__Timeout"] = "00:00:03",
            });
            await Gateway.StartAsync();
            await Gateway.PutTenantAsync("rev", new { domains = new[] { "rev.example" }, relayAddresses = new[] { "127.0.0.1" }, internalServer = Tenant.Endpoint });
            await PutAsync("/api/tenants/rev/trust-anchors", new { certificates = new[] { Pki.Ca.ExportCertificatePem() } });
            await PutAsync("/api/certificates/ocsp-good@example.org", new { certificatePem = Pki.OcspGood.ExportCertificatePem() });
            await PutAsync("/api/certificates/ocsp-revoked@example.org", new { certificatePem = Pki.OcspRevoked.ExportCertificatePem() });
            await PutAsync("/api/certificates/unreachable@example.org", new { certificatePem = Pki.Unreachable.ExportCertificatePem() });
            await PutAsync("/api/policy/catalog", new
            {
                standardPolicy = "encrypt-or-refuse",
                policies = new object[]
                {
                    new { name = "encrypt-or-refuse", version = 1, outbound = new { sign = "None", encryption = "Mandatory", methods = new[] { "PersonalSmime" }, onMissingKey = "RefuseWithDsn" } },
                },
            });
        }

        private async Task PutAsync(string path, object body)
        {
            using var response = await Gateway.Http.PutAsJsonAsync(path, body);
            Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Tenant.DisposeAsync();
            await Smarthost.DisposeAsync();
            await Pki.DisposeAsync();
        }
    }

    private async Task<string> SubmitAsync(string to, string subject)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort);
        await smtp.SendAsync("EHLO mail.rev.example");
        Assert.StartsWith("220", await smtp.StartTlsAsync());
        await smtp.SendAsync("EHLO mail.rev.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<clerk@rev.example>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var reply = await smtp.SendDataAsync($"From: clerk@rev.example\nTo: {to}\nSubject: {subject}\nContent-Type: text/plain\n\nconfidential {subject}\n");
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    private static string Trace(JsonElement status) =>
        string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));

    [Fact]
    public async Task A_revoked_recipient_certificate_is_not_used_and_mandatory_encryption_refuses_saying_why()
    {
        var subject = $"revoked-{Guid.NewGuid():N}";
        var queueId = await SubmitAsync("ocsp-revoked@example.org", subject);

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        var recipient = status.GetProperty("recipients")[0];
        Assert.Equal("Bounced", recipient.GetProperty("state").GetString());
        Assert.Equal("5.7.1", recipient.GetProperty("status").GetString());
        var trace = Trace(status);
        Assert.True(trace.Contains("personal S/MIME certificate of ocsp-revoked@example.org not usable: revoked", StringComparison.Ordinal), trace);
        Assert.Contains("key compromise", trace);
        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
    }

    [Fact]
    public async Task A_good_recipient_certificate_is_used()
    {
        var subject = $"good-{Guid.NewGuid():N}";
        var queueId = await SubmitAsync("ocsp-good@example.org", subject);

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.RcptTo.Contains("ocsp-good@example.org") && !m.Message.Contains($"confidential {subject}"));
        Assert.Contains("application/pkcs7-mime", delivered.Header("Content-Type"));
    }

    [Fact]
    public async Task With_unreachable_responders_the_certificate_is_used_and_the_dry_run_says_its_status_is_unknown()
    {
        using var response = await fixture.Gateway.Http.PostAsJsonAsync("/api/policy/dry-run", new
        {
            direction = "Outbound",
            tenantId = "rev",
            sender = "clerk@rev.example",
            recipients = new[] { "unreachable@example.org" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;

        Assert.True(text.Contains("personal S/MIME certificate of unreachable@example.org usable (", StringComparison.Ordinal), text);
        Assert.True(text.Contains("revocation status unknown, accepted by Smgw:Revocation:WhenUnknown", StringComparison.Ordinal), text);
        Assert.Contains($"127.0.0.1:{fixture.Pki.DeadPort}", text);
        Assert.True(text.Contains("recipient <unreachable@example.org>: encrypt-smime-personal", StringComparison.Ordinal), text);
    }

    /// <summary>Signs a message from the certificate's address with openssl and receives it for clerk@rev.example; returns the stamp.</summary>
    private async Task<string> ReceiveSignedAsync(X509Certificate2 signer, string subject, GatewayProcess? gateway = null, SmtpSink? tenant = null)
    {
        gateway ??= fixture.Gateway;
        tenant ??= fixture.Tenant;
        var from = signer.GetNameInfo(X509NameType.SimpleName, false) + "@example.org";
        var dir = Path.Combine(fixture.Pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "signer.pem"), signer.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(dir, "signer.key"), fixture.Pki.KeyPemOf(signer));
        await File.WriteAllTextAsync(Path.Combine(dir, "content.txt"), $"Content-Type: text/plain\r\n\r\nsigned {subject}\r\n");
        await OpenSsl.RunOkAsync(dir, "cms", "-sign", "-in", "content.txt", "-signer", "signer.pem", "-inkey", "signer.key",
            "-from", from, "-to", "clerk@rev.example", "-subject", subject, "-out", "signed.eml");

        await using (var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort))
        {
            await smtp.SendAsync("EHLO mta.example.org");
            Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@rev.example>"));
            var reply = await smtp.SendDataAsync(await File.ReadAllTextAsync(Path.Combine(dir, "signed.eml")));
            Assert.StartsWith("250 2.0.0", reply);
            var status = await gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
            Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        }
        var delivered = Assert.Single(tenant.Messages(), m => m.Message.Contains(subject));
        var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        return Assert.Single(message.Headers, h => h.Field.Equals("X-SMGW-Signature", StringComparison.OrdinalIgnoreCase)).Value;
    }

    private async Task<int> StoredCertificatesAsync(string address) =>
        (await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>($"/api/certificates/{address}")).GetArrayLength();

    [Fact]
    public async Task An_inbound_signature_by_a_revoked_signer_is_stamped_invalid_revoked_and_its_certificate_is_not_harvested()
    {
        var stamp = await ReceiveSignedAsync(fixture.Pki.CrlRevoked, $"inbound-revoked-{Guid.NewGuid():N}");

        Assert.StartsWith("invalid; reason=", stamp);
        Assert.Contains("CN=crl-revoked", stamp);
        Assert.Contains("is revoked", stamp);
        Assert.Contains("key compromise", stamp);
        Assert.Equal(0, await StoredCertificatesAsync("crl-revoked@example.org"));
    }

    [Fact]
    public async Task An_inbound_signature_by_a_good_signer_is_stamped_valid_and_harvested()
    {
        var stamp = await ReceiveSignedAsync(fixture.Pki.CrlGood, $"inbound-good-{Guid.NewGuid():N}");

        Assert.Equal("valid; signer=CN=crl-good", stamp.Split(',')[0]);
        Assert.DoesNotContain("revocation=unknown", stamp);
        await Eventually.WaitAsync(async () => await StoredCertificatesAsync("crl-good@example.org") == 1, TimeSpan.FromSeconds(10), "the good signer's certificate harvested");
    }

    [Fact]
    public async Task An_inbound_signer_whose_responders_are_unreachable_is_stamped_valid_with_its_unknown_revocation_status()
    {
        var stamp = await ReceiveSignedAsync(fixture.Pki.Unreachable, $"inbound-unknown-{Guid.NewGuid():N}");

        Assert.StartsWith("valid; signer=CN=unreachable", stamp);
        Assert.Contains("revocation=unknown, accepted by Smgw:Revocation:WhenUnknown", stamp);
        Assert.Contains($"127.0.0.1:{fixture.Pki.DeadPort}", stamp);
    }

    [Fact]
    public async Task With_WhenUnknown_Refuse_an_inbound_signer_whose_responders_are_unreachable_is_stamped_invalid()
    {
        await using var tenant = await SmtpSink.StartAsync();
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Revocation__WhenUnknown"] = "Refuse" });
        await gateway.StartAsync();
        await gateway.PutTenantAsync("rev", new { domains = new[] { "rev.example" }, internalServer = tenant.Endpoint });
        using (var anchors = await gateway.Http.PutAsJsonAsync("/api/tenants/rev/trust-anchors", new { certificates = new[] { fixture.Pki.Ca.ExportCertificatePem() } }))
        {
            Assert.True(anchors.IsSuccessStatusCode, await anchors.Content.ReadAsStringAsync());
        }

        var stamp = await ReceiveSignedAsync(fixture.Pki.Unreachable, $"inbound-hard-{Guid.NewGuid():N}", gateway, tenant);

        Assert.StartsWith("invalid; reason=RevocationUnknown: CN=unreachable", stamp);
        Assert.Contains("Smgw:Revocation:WhenUnknown is Refuse", stamp);
        using var stored = await gateway.Http.GetAsync("/api/certificates/unreachable@example.org");
        Assert.Equal(0, (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task The_onboarding_check_of_the_organisation_certificate_fails_while_it_is_revoked()
    {
        // Its own gateway: the tenant owns example.org, the domain of the recipients above.
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("revorg", new { domains = new[] { "example.org" } });
        Assert.True((await gateway.Http.PutAsJsonAsync("/api/tenants/revorg/trust-anchors", new { certificates = new[] { fixture.Pki.Ca.ExportCertificatePem() } })).IsSuccessStatusCode);

        await UploadOrganisationCertificateAsync(gateway, fixture.Pki.OcspRevoked);
        var revoked = await CheckAsync(gateway);
        Assert.False(revoked.GetProperty("passed").GetBoolean(), revoked.ToString());
        var reason = string.Join(" | ", revoked.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("CN=ocsp-revoked", reason);
        Assert.Contains("is revoked", reason);
        Assert.Contains("key compromise", reason);

        await UploadOrganisationCertificateAsync(gateway, fixture.Pki.OcspGood);
        var good = await CheckAsync(gateway);
        Assert.True(good.GetProperty("passed").GetBoolean(), good.ToString());
        Assert.Contains($"not revoked (OCSP http://127.0.0.1:{fixture.Pki.Port}/ocsp)", good.GetProperty("findings")[0].GetString());
    }

    private async Task UploadOrganisationCertificateAsync(GatewayProcess gateway, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var response = await gateway.Http.PutAsJsonAsync("/api/tenants/revorg/organisation-certificates/example.org",
            new { certificatePem = certificate.ExportCertificatePem(), privateKeyPem = fixture.Pki.KeyPemOf(certificate) });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> CheckAsync(GatewayProcess gateway)
    {
        using var response = await gateway.Http.PostAsync("/api/tenants/revorg/checks/CL-5", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
