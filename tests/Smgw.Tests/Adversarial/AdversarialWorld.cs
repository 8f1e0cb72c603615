using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Smgw.Crypto.Smime;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Adversarial;

/// <summary>The kind of key a correspondent of the adversarial world has.</summary>
public enum KeyKind
{
    SmimeValid,
    SmimeExpired,
    SmimeRevoked,
    SmimeUntrusted,
    SmimeWrongUsage,
    PgpValid,
    PgpExpired,
    Both,
    None,
    DomainCertificate,
}

/// <summary>The policy a correspondent's address (or its group) gives it.</summary>
public enum Rule
{
    IfPossible,
    MandatoryRefuse,
    MandatoryMessenger,
    NoEncryption,
    /// <summary>No address policy: a member of the external group "strict" (Mandatory, refuse).</summary>
    Group,
}

/// <summary>A correspondent: address, key, rule; whether the test's own model says its mail must be encrypted.</summary>
public sealed record Correspondent(string Address, KeyKind Key, Rule Rule)
{
    public bool Mandatory => Rule is Rule.MandatoryRefuse or Rule.MandatoryMessenger or Rule.Group;
}

/// <summary>An alias the tenant's policy knows: the address, its own rule and its targets.</summary>
public sealed record AliasAddress(string Address, Rule Rule, IReadOnlyList<Correspondent> Targets)
{
    public bool Mandatory => Rule is Rule.MandatoryRefuse or Rule.MandatoryMessenger || Targets.Any(t => t.Mandatory);
}

/// <summary>
/// One all-in-one gateway and a world of correspondents for the adversarial policy matrix (issue
/// F1 §6): tenant lds (organisation certificate, the test CA as anchor) and every combination of
/// key kind — S/MIME valid, expired, revoked by the CRL this fixture serves, issued by an untrusted
/// CA, without e-mail usage; OpenPGP valid or expired; both; none; a domain certificate — with every
/// rule (IfPossible, Mandatory + refuse, Mandatory + Messenger, no encryption, member of a strict
/// group), plus aliases over them. Keys and certificates are made at start (RSA, one key pair for
/// all S/MIME correspondents; Ed25519/Cv25519 by gpg), never committed.
/// </summary>
public sealed class AdversarialWorld : IAsyncLifetime
{
    public const string Tenant = "lds";
    public const string Sender = "clerk@lds.example";
    public const string DomainWithCertificate = "dom.example";

    private readonly RSA _caKey = RSA.Create(2048);
    private readonly RSA _otherCaKey = RSA.Create(2048);
    private readonly RSA _correspondentKey = RSA.Create(2048);
    private readonly HttpListener _crlServer = new();
    private readonly List<BigInteger> _revoked = [];
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _otherCa = null!;
    private byte[] _crl = [];
    private Task? _serving;
    private string _crlUrl = "";

    public string Directory { get; } = TestEnvironment.TempDirectory("adversarial");
    public SmtpSink Lds { get; private set; } = null!;
    public SmtpSink Smarthost { get; private set; } = null!;
    public GatewayProcess Gateway { get; private set; } = null!;
    internal Gpg Pgp { get; private set; } = null!;
    public List<Correspondent> Correspondents { get; } = [];
    public List<AliasAddress> Aliases { get; } = [];

    /// <summary>The PEM file of the certificate openssl decrypts with for a key owner (an address or dom.example), and the key file.</summary>
    public Dictionary<string, string> CertificateFiles { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string KeyFile => Path.Combine(Directory, "correspondent.key");
    public string CaFile => Path.Combine(Directory, "ca.pem");

    /// <summary>OpenPGP key ids (long, hex, upper case) of the encryption subkey per owner address.</summary>
    public Dictionary<string, string> PgpEncryptionKeyIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        _ca = Ca("CN=Adversarial Test CA, O=SMGW Tests", _caKey, now);
        _otherCa = Ca("CN=Somebody Else's CA, O=Elsewhere", _otherCaKey, now);
        await File.WriteAllTextAsync(CaFile, _ca.ExportCertificatePem());
        await File.WriteAllTextAsync(KeyFile, _correspondentKey.ExportPkcs8PrivateKeyPem());
        var port = TestEnvironment.FreePort();
        _crlUrl = $"http://127.0.0.1:{port}/ca.crl";
        _crlServer.Prefixes.Add($"http://127.0.0.1:{port}/");

        Lds = await SmtpSink.StartAsync();
        Smarthost = await SmtpSink.StartAsync();
        Pgp = Gpg.Create(Path.Combine(Directory, "gnupg"));
        Gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Delivery__Smarthost"] = Smarthost.Endpoint });
        await Gateway.StartAsync();
        await Gateway.PutTenantAsync(Tenant, new { domains = new[] { "lds.example" }, relayAddresses = new[] { "127.0.0.1" }, internalServer = Lds.Endpoint });
        var (organisation, organisationKey) = Issue("CN=lds.example organisation", "poststelle@lds.example", _ca, _caKey, now.AddYears(1), RSA.Create(2048));
        await PutAsync($"/api/tenants/{Tenant}/trust-anchors", new { certificates = new[] { _ca.ExportCertificatePem() } });
        await PutAsync($"/api/tenants/{Tenant}/organisation-certificates/lds.example", new { certificatePem = organisation, privateKeyPem = organisationKey });

        // Every key kind with every rule.
        foreach (var kind in Enum.GetValues<KeyKind>())
        {
            foreach (var rule in Enum.GetValues<Rule>())
            {
                var address = kind == KeyKind.DomainCertificate
                    ? $"{Kebab(rule)}@{DomainWithCertificate}"
                    : $"{Kebab(kind)}.{Kebab(rule)}@x.example";
                Correspondents.Add(new Correspondent(address, kind, rule));
                await GiveKeyAsync(address, kind, now);
            }
        }
        var (domainCertificate, _) = Issue($"CN={DomainWithCertificate} gateway", $"gateway@{DomainWithCertificate}", _ca, _caKey, now.AddYears(1), _correspondentKey);
        await PutAsync($"/api/certificates/{DomainWithCertificate}", new { certificatePem = domainCertificate });
        await File.WriteAllTextAsync(CertificateFiles[DomainWithCertificate] = Path.Combine(Directory, "domain.pem"), domainCertificate);

        // The CRL (with the revoked correspondents' serials), served over HTTP like a CA's.
        var crl = new CertificateRevocationListBuilder();
        foreach (var serial in _revoked)
        {
            crl.AddEntry(serial.ToByteArray(isUnsigned: true, isBigEndian: true), now.AddDays(-1), X509RevocationReason.KeyCompromise);
        }
        _crl = crl.Build(_ca, BigInteger.One, now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _crlServer.Start();
        _serving = Task.Run(ServeCrlAsync);

        // Aliases over the correspondents, each with its own rule: the combinations that decide an
        // alias's one copy (one format for all, a format each, a target without a key beside one that
        // requires encryption, unusable keys, groups, the Messenger), then random ones (seeded).
        Correspondent C(KeyKind kind, Rule rule) => Correspondents.Single(c => c.Key == kind && c.Rule == rule);
        Correspondent[][] combinations =
        [
            [C(KeyKind.SmimeValid, Rule.IfPossible), C(KeyKind.SmimeValid, Rule.MandatoryRefuse)],
            [C(KeyKind.SmimeValid, Rule.IfPossible), C(KeyKind.DomainCertificate, Rule.MandatoryMessenger), C(KeyKind.Both, Rule.IfPossible)],
            [C(KeyKind.PgpValid, Rule.IfPossible), C(KeyKind.PgpValid, Rule.MandatoryRefuse)],
            [C(KeyKind.Both, Rule.MandatoryRefuse), C(KeyKind.PgpValid, Rule.IfPossible)],
            [C(KeyKind.Both, Rule.IfPossible), C(KeyKind.SmimeValid, Rule.Group)],
            [C(KeyKind.SmimeValid, Rule.IfPossible), C(KeyKind.PgpValid, Rule.IfPossible)],
            [C(KeyKind.SmimeValid, Rule.MandatoryRefuse), C(KeyKind.PgpValid, Rule.MandatoryMessenger)],
            [C(KeyKind.None, Rule.IfPossible), C(KeyKind.SmimeValid, Rule.MandatoryRefuse)],
            [C(KeyKind.None, Rule.IfPossible), C(KeyKind.SmimeValid, Rule.MandatoryMessenger)],
            [C(KeyKind.SmimeExpired, Rule.MandatoryRefuse), C(KeyKind.SmimeValid, Rule.IfPossible)],
            [C(KeyKind.SmimeRevoked, Rule.IfPossible), C(KeyKind.SmimeUntrusted, Rule.IfPossible), C(KeyKind.SmimeValid, Rule.IfPossible)],
            [C(KeyKind.SmimeWrongUsage, Rule.Group), C(KeyKind.PgpExpired, Rule.IfPossible)],
            [C(KeyKind.None, Rule.NoEncryption), C(KeyKind.SmimeValid, Rule.IfPossible)],
        ];
        foreach (var (targets, i) in combinations.Select((t, i) => (t, i)))
        {
            foreach (var rule in (Rule[])[Rule.IfPossible, Rule.MandatoryRefuse])
            {
                Aliases.Add(new AliasAddress($"alias{i}.{Kebab(rule)}@x.example", rule, targets));
            }
        }
        var random = new Random(20261202);
        for (var i = 0; i < 8; i++)
        {
            var targets = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Correspondents[random.Next(Correspondents.Count)]).DistinctBy(t => t.Address).ToList();
            var rule = (Rule)random.Next(0, 4);
            Aliases.Add(new AliasAddress($"random{i}.{Kebab(rule)}@x.example", rule, targets));
        }

        await PutAsync("/api/policy/catalog", new
        {
            standardPolicy = "standard",
            policies = new object[]
            {
                new { name = "standard", version = 1, outbound = new { sign = "Organisation", encryption = "IfPossible" } },
                new { name = "mandatory-refuse", version = 1, outbound = new { encryption = "Mandatory", onMissingKey = "RefuseWithDsn" } },
                new { name = "mandatory-messenger", version = 1, outbound = new { encryption = "Mandatory", onMissingKey = "Messenger" } },
                new { name = "no-encryption", version = 1, outbound = new { encryption = "None" } },
            },
        });
        await PutAsync($"/api/groups/{Tenant}/strict", new
        {
            kind = "external",
            members = Correspondents.Where(c => c.Rule == Rule.Group).Select(c => c.Address).ToArray(),
            policy = "mandatory-refuse",
            description = "correspondents whose mail must be encrypted",
        });
        await PutAsync($"/api/tenants/{Tenant}/policy", new
        {
            tenantPolicy = "",
            groups = new[] { "strict" },
            addresses = Correspondents.Select(c => (c.Address, c.Rule)).Concat(Aliases.Select(a => (a.Address, a.Rule)))
                .Where(a => a.Rule != Rule.Group && a.Rule != Rule.IfPossible)
                .Select(a => new { address = a.Address, scope = "External", policy = PolicyName(a.Rule) })
                .ToArray(),
            aliases = Aliases.Select(a => new { address = a.Address, targets = a.Targets.Select(t => t.Address).ToArray() }).ToArray(),
        });
    }

    private async Task GiveKeyAsync(string address, KeyKind kind, DateTimeOffset now)
    {
        if (kind is KeyKind.SmimeValid or KeyKind.SmimeExpired or KeyKind.SmimeRevoked or KeyKind.SmimeUntrusted or KeyKind.SmimeWrongUsage or KeyKind.Both)
        {
            var (issuer, issuerKey) = kind == KeyKind.SmimeUntrusted ? (_otherCa, _otherCaKey) : (_ca, _caKey);
            var (pem, _) = Issue($"CN={address}", address, issuer, issuerKey, kind == KeyKind.SmimeExpired ? now.AddDays(-1) : now.AddYears(1), _correspondentKey,
                emailUsage: kind != KeyKind.SmimeWrongUsage, revoke: kind == KeyKind.SmimeRevoked);
            await PutAsync($"/api/certificates/{address}", new { certificatePem = pem });
            await File.WriteAllTextAsync(CertificateFiles[address] = Path.Combine(Directory, address + ".pem"), pem);
        }
        if (kind is KeyKind.PgpValid or KeyKind.PgpExpired or KeyKind.Both)
        {
            // An expired key: made "in 2024" with one day of validity.
            var faked = kind == KeyKind.PgpExpired ? (string[])["--faked-system-time", "20240101T000000"] : [];
            await Pgp.RunOkAsync(null, [.. faked, "--quick-gen-key", $"<{address}>", "ed25519", "sign,cert", kind == KeyKind.PgpExpired ? "1d" : "never"]);
            var fingerprint = await Pgp.FingerprintAsync($"<{address}>");
            await Pgp.RunOkAsync(null, [.. faked, "--quick-add-key", fingerprint, "cv25519", "encr", kind == KeyKind.PgpExpired ? "1d" : "never"]);
            var listing = await Pgp.RunTextAsync("--with-colons", "--list-keys", fingerprint);
            PgpEncryptionKeyIds[address] = listing.Split('\n').First(l => l.StartsWith("sub:", StringComparison.Ordinal)).Split(':')[4];
            await PutAsync($"/api/openpgp-keys/{address}", new { publicKey = await Pgp.ExportPublicAsync(fingerprint) });
        }
    }

    private static X509Certificate2 Ca(string subject, RSA key, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-30), now.AddYears(2));
    }

    private (string Pem, string KeyPem) Issue(string subject, string email, X509Certificate2 issuer, RSA issuerKey, DateTimeOffset notAfter, RSA key, bool emailUsage = true, bool revoke = false)
    {
        var request = new CertificateRequest($"{subject}, O=SMGW Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(emailUsage ? SmimeOids.EmailProtection : "1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (issuer == _ca)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([_crlUrl]));
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var notBefore = notAfter < DateTimeOffset.UtcNow ? notAfter.AddDays(-30) : DateTimeOffset.UtcNow.AddDays(-1);
        using var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
        if (revoke)
        {
            _revoked.Add(new BigInteger(serial, isUnsigned: true, isBigEndian: true));
        }
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private async Task ServeCrlAsync()
    {
        while (_crlServer.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _crlServer.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            context.Response.ContentType = "application/pkix-crl";
            context.Response.ContentLength64 = _crl.Length;
            await context.Response.OutputStream.WriteAsync(_crl);
            context.Response.Close();
        }
    }

    public static string PolicyName(Rule rule) => rule switch
    {
        Rule.MandatoryRefuse => "mandatory-refuse",
        Rule.MandatoryMessenger => "mandatory-messenger",
        Rule.NoEncryption => "no-encryption",
        _ => "standard",
    };

    private static string Kebab<T>(T value) where T : Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public async Task PutAsync(string path, object body)
    {
        using var response = await Gateway.Http.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        _crlServer.Stop();
        _crlServer.Close();
        if (_serving is not null)
        {
            await _serving;
        }
        await Gateway.DisposeAsync();
        await Lds.DisposeAsync();
        await Smarthost.DisposeAsync();
        await Pgp.StopAgentAsync();
        _ca.Dispose();
        _otherCa.Dispose();
        _caKey.Dispose();
        _otherCaKey.Dispose();
        _correspondentKey.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AdversarialCollection : ICollectionFixture<AdversarialWorld>
{
    public const string Name = "adversarial";
}
