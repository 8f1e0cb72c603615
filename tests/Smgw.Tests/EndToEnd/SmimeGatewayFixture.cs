using System.Net.Http.Json;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// One all-in-one gateway configured for S/MIME through its API: tenant lds (lds.example) with
/// the organisation certificate and key of lds.example, the test CA as trust anchor, the
/// certificate of partner@remote.example, standard rules "standard" v1 and the tenant deviation
/// "lds-secure" v1 (sign with the organisation certificate, encryption mandatory, refuse without a key);
/// reader@remote.example has the address policy "via-messenger" (no key: Messenger); chef@lds.example
/// has a personal certificate the gateway holds (uploaded with its key) and the address policy
/// "personal-signing" (sign=PersonalIfAvailable).
/// For the alias and Bcc cases (TrustGatewayTests): partner2@remote.example has a certificate too;
/// plain@remote.example and the aliases board@remote.example (→ plain, partner) and
/// pair@remote.example (→ partner, partner2) have the address policy "relaxed" (IfPossible). Tenant
/// "listed" (listed.example) routes only vip@listed.example through policy; legacy@lds.example
/// accepts SHA-1 signatures (inbound policy "legacy-in"). Tenant "fwd" (fwd.example, relay 127.0.0.2)
/// may send header From addresses of gmail.example.
/// Outbound mail goes to a smarthost smtp-sink, inbound to lds's smtp-sink.
/// </summary>
public sealed class SmimeGatewayFixture : IAsyncLifetime
{
    public GatewayPki Pki { get; } = new();
    public SmtpSink Lds { get; private set; } = null!;
    public SmtpSink Smarthost { get; private set; } = null!;
    public GatewayProcess Gateway { get; private set; } = null!;
    public string OrganisationCertificatePem { get; private set; } = "";
    public string OrganisationKeyPem { get; private set; } = "";
    public string PersonalCertificatePem { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Lds = await SmtpSink.StartAsync();
        Smarthost = await SmtpSink.StartAsync();
        Gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Delivery__Smarthost"] = Smarthost.Endpoint });
        await Gateway.StartAsync();
        await Gateway.PutTenantAsync("lds", new
        {
            name = "Landesdirektion",
            domains = new[] { "lds.example" },
            relayAddresses = new[] { "127.0.0.1" },
            internalServer = Lds.Endpoint,
        });

        // A tenant whose policy names a policy that does not exist: its mail is deferred (4.3.5), never passed under a weaker policy.
        await Gateway.PutTenantAsync("broken", new { domains = new[] { "broken.example" }, internalServer = Lds.Endpoint });

        (OrganisationCertificatePem, OrganisationKeyPem) = Pki.Issue("lds-org", "Landesdirektion Organisation", "poststelle@lds.example");
        var (partner, _) = Pki.Issue("partner", "Partner", "partner@remote.example");
        var (partner2, _) = Pki.Issue("partner2", "Partner Zwei", "partner2@remote.example");
        await Gateway.PutTenantAsync("listed", new
        {
            domains = new[] { "listed.example" },
            internalServer = Lds.Endpoint,
            routingMode = "ListedAddresses",
            listedAddresses = new[] { "vip@listed.example" },
        });
        // A tenant whose relay (127.0.0.2) forwards mail of outside authors from gmail.example (AllowedForeignFrom).
        await Gateway.PutTenantAsync("fwd", new
        {
            domains = new[] { "fwd.example" },
            relayAddresses = new[] { "127.0.0.2" },
            internalServer = Lds.Endpoint,
            allowedForeignFrom = new[] { "@gmail.example" },
        });
        await PutAsync("/api/tenants/lds/trust-anchors", new { certificates = new[] { Pki.CaPem } });
        await PutAsync("/api/tenants/lds/organisation-certificates/lds.example", new { certificatePem = OrganisationCertificatePem, privateKeyPem = OrganisationKeyPem });
        await PutAsync("/api/certificates/partner@remote.example", new { certificatePem = partner });
        await PutAsync("/api/certificates/partner2@remote.example", new { certificatePem = partner2 });
        (PersonalCertificatePem, var personalKey) = Pki.Issue("chef", "Chef der Landesdirektion", "chef@lds.example");
        await PutAsync("/api/tenants/lds/personal-certificates/chef@lds.example", new { certificatePem = PersonalCertificatePem, privateKeyPem = personalKey });
        await PutAsync("/api/policy/catalog", new
        {
            standardPolicy = "standard",
            policies = new object[]
            {
                new { name = "standard", version = 1, outbound = new { sign = "Organisation", encryption = "IfPossible" } },
                new
                {
                    name = "lds-secure",
                    version = 1,
                    description = "encryption mandatory and signed; refused without a key",
                    outbound = new { sign = "Organisation", encryption = "Mandatory", methods = new[] { "PersonalSmime", "DomainSmime" }, onMissingKey = "RefuseWithDsn" },
                },
                new { name = "via-messenger", version = 1, outbound = new { onMissingKey = "Messenger" } },
                new { name = "personal-signing", version = 1, outbound = new { sign = "PersonalIfAvailable" } },
                new { name = "relaxed", version = 1, outbound = new { encryption = "IfPossible" } },
                new { name = "legacy-in", version = 1, inbound = new { acceptWeakDigests = true } },
            },
        });
        await PutAsync("/api/tenants/lds/policy", new
        {
            tenantPolicy = "lds-secure",
            addresses = new[]
            {
                new { address = "reader@remote.example", scope = "External", policy = "via-messenger" },
                new { address = "chef@lds.example", scope = "Internal", policy = "personal-signing" },
                new { address = "plain@remote.example", scope = "External", policy = "relaxed" },
                new { address = "board@remote.example", scope = "External", policy = "relaxed" },
                new { address = "pair@remote.example", scope = "External", policy = "relaxed" },
                new { address = "legacy@lds.example", scope = "Internal", policy = "legacy-in" },
            },
            aliases = new[]
            {
                new { address = "board@remote.example", targets = new[] { "plain@remote.example", "partner@remote.example" } },
                new { address = "pair@remote.example", targets = new[] { "partner@remote.example", "partner2@remote.example" } },
            },
        });
        await PutAsync("/api/tenants/broken/policy", new { tenantPolicy = "no-such-policy" });
    }

    public async Task PutAsync(string path, object body)
    {
        using var response = await Gateway.Http.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Lds.DisposeAsync();
        await Smarthost.DisposeAsync();
        Pki.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SmimeGatewayCollection : ICollectionFixture<SmimeGatewayFixture>
{
    public const string Name = "smime-gateway";
}
