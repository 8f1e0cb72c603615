using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// The key store and policy endpoints (issue B) with roles: a tenant admin manages only their own
/// tenant's organisation certificate, trust anchors, policy and dry runs; the catalog is staff's;
/// a PKCS #12 upload works, a wrong password names the field; the private key is not in the
/// database in clear; a tenant admin's import of a correspondent's certificate applies to that tenant only.
/// </summary>
public sealed class KeyStoreAccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>, IDisposable
{
    private readonly GatewayPki _pki = new();

    public void Dispose() => _pki.Dispose();

    private static async Task AssertStatusAsync(HttpStatusCode expected, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_tenant_admin_is_refused_on_another_tenants_keys_and_policy_and_on_the_catalog()
    {
        var (certificate, key) = _pki.Issue("alpha-org", "Alpha Organisation", "postmaster@alpha.example");
        var beta = fixture.Beta;
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.PutAsJsonAsync("/api/tenants/alpha/organisation-certificates/alpha.example", new { certificatePem = certificate, privateKeyPem = key }));
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.PutAsJsonAsync("/api/tenants/alpha/trust-anchors", new { certificates = new[] { _pki.CaPem } }));
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.GetAsync("/api/tenants/alpha/trust-anchors"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.PutAsJsonAsync("/api/tenants/alpha/policy", new { tenantPolicy = "none" }));
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.GetAsync("/api/tenants/alpha/policy"));
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.PostAsJsonAsync("/api/policy/dry-run", new { direction = "Outbound", tenantId = "alpha", sender = "a@alpha.example", recipients = new[] { "x@remote.example" } }));
        await AssertStatusAsync(HttpStatusCode.Forbidden, fixture.Alpha.PutAsJsonAsync("/api/policy/catalog", new { standardPolicy = "", policies = Array.Empty<object>() }));
        // Beta may not put a certificate on a domain of its own tenant that it does not have either.
        await AssertStatusAsync(HttpStatusCode.BadRequest, beta.PutAsJsonAsync("/api/tenants/beta/organisation-certificates/alpha.example", new { certificatePem = certificate, privateKeyPem = key }));
        // The same for a personal certificate of an address: only the address's own tenant, only its domains.
        var (personal, personalKey) = _pki.Issue("alpha-chef", "Alpha Chef", "chef@alpha.example");
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.PutAsJsonAsync("/api/tenants/alpha/personal-certificates/chef@alpha.example", new { certificatePem = personal, privateKeyPem = personalKey }));
        await AssertStatusAsync(HttpStatusCode.Forbidden, beta.DeleteAsync("/api/tenants/alpha/personal-certificates/chef@alpha.example"));
        await AssertStatusAsync(HttpStatusCode.BadRequest, beta.PutAsJsonAsync("/api/tenants/beta/personal-certificates/chef@alpha.example", new { certificatePem = personal, privateKeyPem = personalKey }));

        await AssertStatusAsync(HttpStatusCode.OK, fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/trust-anchors", new { certificates = new[] { _pki.CaPem } }));
        await AssertStatusAsync(HttpStatusCode.OK, fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/policy", new { tenantPolicy = "" }));
        await AssertStatusAsync(HttpStatusCode.OK, fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/organisation-certificates/alpha.example", new { certificatePem = certificate, privateKeyPem = key }));
        using var dryRun = await fixture.Alpha.PostAsJsonAsync("/api/policy/dry-run", new { direction = "Outbound", tenantId = "alpha", sender = "a@alpha.example", recipients = new[] { "x@remote.example" } });
        var text = (await dryRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.Contains("built-in default", text);
        Assert.Contains("key: organisation certificate of alpha.example usable (", text);
    }

    private static async Task<string> DryRunAsync(HttpClient client, string tenant, string to)
    {
        using var response = await client.PostAsJsonAsync("/api/policy/dry-run", new { direction = "Outbound", tenantId = tenant, sender = $"clerk@{tenant}.example", recipients = new[] { to } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task A_tenant_admins_import_of_a_correspondents_certificate_applies_to_that_tenant_only_and_staff_imports_apply_to_all()
    {
        var correspondent = $"x-{Guid.NewGuid():N}@remote.example";
        var (alphasView, _) = _pki.Issue("x-alpha", "X as Alpha knows it", correspondent);
        foreach (var (client, tenant) in new[] { (fixture.Alpha, "alpha"), (fixture.Beta, "beta") })
        {
            await AssertStatusAsync(HttpStatusCode.OK, client.PutAsJsonAsync($"/api/tenants/{tenant}/trust-anchors", new { certificates = new[] { _pki.CaPem } }));
        }

        using (var imported = await fixture.Alpha.PutAsJsonAsync($"/api/certificates/{correspondent}", new { certificatePem = alphasView }))
        {
            var entry = await imported.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(imported.IsSuccessStatusCode, entry.ToString());
            Assert.Equal("alpha", entry.GetProperty("tenantId").GetString());
        }

        // Alpha's mail uses it; Beta's does not, and Beta does not see it.
        var alpha = await DryRunAsync(fixture.Alpha, "alpha", correspondent);
        Assert.True(alpha.Contains($"recipient <{correspondent}>: encrypt-smime-personal", StringComparison.Ordinal)
            || alpha.Contains($"recipient <{correspondent}>: sign-organisation+encrypt-smime-personal", StringComparison.Ordinal), alpha);
        var beta = await DryRunAsync(fixture.Beta, "beta", correspondent);
        Assert.DoesNotContain("encrypt-smime-personal", beta);
        Assert.Equal(0, (await fixture.Beta.GetFromJsonAsync<JsonElement>($"/api/certificates/{correspondent}")).GetArrayLength());
        Assert.Equal(1, (await fixture.Alpha.GetFromJsonAsync<JsonElement>($"/api/certificates/{correspondent}")).GetArrayLength());
        await AssertStatusAsync(HttpStatusCode.Forbidden, fixture.Beta.GetAsync($"/api/certificates/{correspondent}?tenant=alpha"));
        Assert.Equal(1, (await fixture.Owner.GetFromJsonAsync<JsonElement>($"/api/certificates/{correspondent}?tenant=alpha")).GetArrayLength());

        // A staff import is gateway-wide: Beta now encrypts to it; Alpha keeps its own.
        var (staffView, _) = _pki.Issue("x-staff", "X as staff imported it", correspondent);
        using (var imported = await fixture.Owner.PutAsJsonAsync($"/api/certificates/{correspondent}", new { certificatePem = staffView }))
        {
            var entry = await imported.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(imported.IsSuccessStatusCode, entry.ToString());
            Assert.Equal("", entry.GetProperty("tenantId").GetString());
        }
        Assert.Contains("encrypt-smime-personal", await DryRunAsync(fixture.Beta, "beta", correspondent));
        Assert.Contains("(X as Alpha knows it)", await DryRunAsync(fixture.Alpha, "alpha", correspondent));
        Assert.Contains("(X as staff imported it)", await DryRunAsync(fixture.Beta, "beta", correspondent));

        // A tenant admin's import for an address of its own domains stays gateway-wide: the tenant is its authority.
        var (own, _) = _pki.Issue("alpha-user", "Alpha User", "user@alpha.example");
        using var ownImport = await fixture.Alpha.PutAsJsonAsync("/api/certificates/user@alpha.example", new { certificatePem = own });
        Assert.Equal("", (await ownImport.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tenantId").GetString());
    }

    [Fact]
    public async Task A_tenant_admins_import_of_a_correspondents_openpgp_key_applies_to_that_tenant_only()
    {
        var correspondent = $"p-{Guid.NewGuid():N}@remote.example";
        var gpg = Smgw.Tests.Crypto.Gpg.Create(Path.Combine(_pki.Directory, "gnupg"));
        string armored;
        try
        {
            await gpg.GenerateAsync($"P <{correspondent}>", Smgw.Tests.Crypto.PgpAlgorithm.Curve25519);
            armored = await gpg.RunTextAsync("--armor", "--export", correspondent);
        }
        finally
        {
            await gpg.StopAgentAsync();
        }

        using (var imported = await fixture.Alpha.PutAsJsonAsync($"/api/openpgp-keys/{correspondent}", new { publicKey = armored }))
        {
            var entry = await imported.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(imported.IsSuccessStatusCode, entry.ToString());
            Assert.Equal("alpha", entry.GetProperty("tenantId").GetString());
        }
        var alpha = await DryRunAsync(fixture.Alpha, "alpha", correspondent);
        Assert.True(alpha.Contains("encrypt-pgp-personal", StringComparison.Ordinal), alpha);
        var beta = await DryRunAsync(fixture.Beta, "beta", correspondent);
        Assert.DoesNotContain("encrypt-pgp-personal", beta);
        Assert.Equal(0, (await fixture.Beta.GetFromJsonAsync<JsonElement>($"/api/openpgp-keys/{correspondent}")).GetArrayLength());
    }

    [Fact]
    public async Task A_pkcs12_upload_is_stored_with_its_key_encrypted_and_a_wrong_password_names_the_field()
    {
        var (certificatePem, keyPem) = _pki.Issue("beta-org", "Beta Organisation", "postmaster@beta.example");
        using var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        var pkcs12 = Convert.ToBase64String(certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "geheim"));

        using var wrong = await fixture.Beta.PutAsJsonAsync("/api/tenants/beta/organisation-certificates/beta.example", new { pkcs12Base64 = pkcs12, pkcs12Password = "falsch" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("pkcs12Base64", await wrong.Content.ReadAsStringAsync());

        using var stored = await fixture.Beta.PutAsJsonAsync("/api/tenants/beta/organisation-certificates/beta.example", new { pkcs12Base64 = pkcs12, pkcs12Password = "geheim" });
        var entry = await stored.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(stored.IsSuccessStatusCode, entry.ToString());
        Assert.Equal(certificate.Thumbprint, entry.GetProperty("thumbprint").GetString());
        Assert.True(entry.GetProperty("hasPrivateKey").GetBoolean());
        Assert.Equal("Bernd Beta", entry.GetProperty("importedBy").GetString());

        // At rest: neither the PKCS #8 bytes nor their base64 are anywhere in the database files.
        using var rsa = RSA.Create();
        rsa.ImportFromPem(keyPem);
        var der = rsa.ExportPkcs8PrivateKey();
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(der)[..64]);
        var files = Directory.GetFiles(fixture.Gateway.DataDirectory, "smgw.db*");
        Assert.NotEmpty(files);
        var stateFound = false;
        foreach (var file in files)
        {
            stateFound |= (await ReadSharedAsync(file)).AsSpan().IndexOf("Beta Organisation"u8) >= 0;
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(der.AsSpan(0, 64)) < 0, $"{file} holds the private key in clear");
            Assert.True(bytes.AsSpan().IndexOf(base64) < 0, $"{file} holds the private key's base64");
        }
        Assert.True(stateFound, "the key store's state (subject 'Beta Organisation') was not found in the database files, so the check above proves nothing");
        Assert.DoesNotContain(keyPem.Split('\n')[1].Trim(), fixture.Gateway.Output);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}
