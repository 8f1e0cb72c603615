using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Corpora;

/// <summary>
/// Other mail software's published test messages with their test keys (fetched by
/// <c>scripts/corpora.sh</c> from Debian's archive: KDE messagelib, notmuch; never committed), and a
/// gateway that holds those keys: every message goes in through the Internet listener to a tenant
/// whose domains are the messages' recipients' domains, whose recipients have the corpora's secret
/// keys (OpenPGP) or certificates (S/MIME, RFC 9216's Bob), whose anchors are the corpora's CAs, and
/// whose inbound policy passes unreadable mail through (so every verdict is a stamp to compare) and
/// accepts weak digests (the corpora are of the SHA-1 era: their digests are not what is compared).
/// The same keys sit in a gpg home and PEM files for the oracles, openssl and gpg.
/// </summary>
public sealed class CorpusWorld : IAsyncLifetime
{
    public string Root { get; } = Locate();
    public string Directory { get; } = TestEnvironment.TempDirectory("corpora");
    public SmtpSink Lds { get; private set; } = null!;
    public GatewayProcess Gateway { get; private set; } = null!;
    internal Gpg Pgp { get; private set; } = null!;
    public string SmimeCa => Path.Combine(Directory, "smime-ca.pem");
    public string BobCertificate => Path.Combine(Directory, "bob.pem");
    public string BobKey => Path.Combine(Directory, "bob.key");

    /// <summary>Long key ids (primary and subkeys, upper-case hex) of the secret keys the gateway holds, per address.</summary>
    public Dictionary<string, HashSet<string>> HeldKeyIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The S/MIME certificate and key files per address, of the keys the gateway holds.</summary>
    public Dictionary<string, (string Certificate, string Key)> SmimeKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Recipients whose corpus key the gateway refused to hold (below RSA-2048).</summary>
    public HashSet<string> RefusedKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The messages: (name, bytes without an mbox "From " line).</summary>
    public List<(string Name, byte[] Message)> Messages { get; } = [];

    private string Kde => Path.Combine(Root, "messagelib-22.12.3");
    private string Notmuch => Path.Combine(Root, "notmuch-0.37");

    /// <summary>SMGW_TEST_CORPORA (set by scripts/test.sh), else the repository's .cache/corpora.</summary>
    private static string Locate()
    {
        var dir = Environment.GetEnvironmentVariable("SMGW_TEST_CORPORA") is { Length: > 0 } set ? set : Path.Combine(TestEnvironment.RepositoryRoot, ".cache", "corpora");
        if (!System.IO.Directory.Exists(Path.Combine(dir, "messagelib-22.12.3")) || !System.IO.Directory.Exists(Path.Combine(dir, "notmuch-0.37")))
        {
            throw new InvalidOperationException($"the test corpora are not in {dir}: run scripts/corpora.sh (scripts/test.sh does)");
        }
        return dir;
    }

    public async Task InitializeAsync()
    {
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Kde, "mimetreeparser", "autotests", "data"), "*.mbox")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("smime", StringComparison.Ordinal) || n.StartsWith("openpgp", StringComparison.Ordinal) || n.StartsWith("inlinepgp", StringComparison.Ordinal))))
        {
            Messages.Add(("kde/" + Path.GetFileName(file), WithoutMboxLine(await File.ReadAllBytesAsync(file))));
        }
        foreach (var folder in (string[])["crypto", "pkcs7", "protected-headers"])
        {
            foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Notmuch, "test", "corpora", folder)))
            {
                Messages.Add(($"notmuch/{folder}/{Path.GetFileName(file)}", WithoutMboxLine(await File.ReadAllBytesAsync(file))));
            }
        }

        // The OpenPGP keys: KDE's GnuPG home (no passphrases) and notmuch's test suite key, in one home.
        Pgp = Gpg.Create(Path.Combine(Directory, "gnupg"));
        var kdeHome = Path.Combine(Kde, "messagecore", "autotests", "gnupg_home");
        foreach (var name in (string[])["pubring.kbx", "trustdb.gpg"])
        {
            File.Copy(Path.Combine(kdeHome, name), Path.Combine(Pgp.Home, name));
        }
        CopyDirectory(Path.Combine(kdeHome, "private-keys-v1.d"), Path.Combine(Pgp.Home, "private-keys-v1.d"));
        await Pgp.ImportAsync(await File.ReadAllTextAsync(Path.Combine(Notmuch, "test", "gnupg-secret-key.asc")));

        // S/MIME: RFC 9216's Bob (notmuch ships his PKCS #12, PEM-armoured, empty password) and the LAMPS sample CA.
        var armoured = await File.ReadAllTextAsync(Path.Combine(Notmuch, "test", "smime", "bob.p12"));
        var p12 = Convert.FromBase64String(string.Concat(armoured.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim())));
        using var bob = X509CertificateLoader.LoadPkcs12(p12, "", X509KeyStorageFlags.Exportable);
        using var bobKey = bob.GetRSAPrivateKey()!;
        await File.WriteAllTextAsync(BobCertificate, bob.ExportCertificatePem());
        await File.WriteAllTextAsync(BobKey, bobKey.ExportPkcs8PrivateKeyPem());
        File.Copy(Path.Combine(Notmuch, "test", "smime", "ca.crt"), SmimeCa);

        // KDE's S/MIME key ("unittest cert", test@example.com) lives in its gpgsm home; exported as KMail's users would.
        var gpgsm = Path.Combine(Directory, "gpgsm");
        CopyDirectory(kdeHome, gpgsm);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(gpgsm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        CopyDirectory(Path.Combine(kdeHome, "private-keys-v1.d"), Path.Combine(gpgsm, "private-keys-v1.d"));
        var exported = await RunAsync("gpgsm", "--homedir", gpgsm, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--export-secret-key-p12", "0x212B49DC");
        using (var kde = X509CertificateLoader.LoadPkcs12(exported, "", X509KeyStorageFlags.Exportable))
        using (var kdeKey = kde.GetRSAPrivateKey()!)
        {
            SmimeKeys["test@example.com"] = (Path.Combine(Directory, "kde.pem"), Path.Combine(Directory, "kde.key"));
            await File.WriteAllTextAsync(SmimeKeys["test@example.com"].Certificate, kde.ExportCertificatePem());
            await File.WriteAllTextAsync(SmimeKeys["test@example.com"].Key, kdeKey.ExportPkcs8PrivateKeyPem());
        }
        SmimeKeys["bob@smime.example"] = (BobCertificate, BobKey);

        Lds = await SmtpSink.StartAsync();
        Gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Smtp__SpoofedHeaderFrom"] = "Mark" });
        await Gateway.StartAsync();
        var domains = Messages.SelectMany(m => Recipients(m.Message)).Select(a => a[(a.LastIndexOf('@') + 1)..].ToLowerInvariant())
            .Append("smime.example").Append("notmuchmail.org").Append("kolab.org").Distinct().Order().ToArray();
        await Gateway.PutTenantAsync("corpus", new { domains, internalServer = Lds.Endpoint });
        await PutAsync("/api/policy/catalog", new
        {
            standardPolicy = "standard",
            policies = new object[]
            {
                new { name = "standard", version = 1 },
                new { name = "corpus-in", version = 1, inbound = new { onUnreadable = "PassThrough", acceptWeakDigests = true } },
            },
        });
        await PutAsync("/api/tenants/corpus/policy", new { tenantPolicy = "corpus-in" });
        await PutAsync("/api/tenants/corpus/trust-anchors", new { certificates = new[] { await File.ReadAllTextAsync(SmimeCa) } });
        foreach (var (address, (certificate, key)) in SmimeKeys.ToList())
        {
            using var response = await Gateway.Http.PutAsJsonAsync($"/api/tenants/corpus/personal-certificates/{address}",
                new { certificatePem = await File.ReadAllTextAsync(certificate), privateKeyPem = await File.ReadAllTextAsync(key) });
            if (!response.IsSuccessStatusCode)
            {
                // RSA-1024 and expired since 2013: a gateway that refuses to hold it never decrypts with it.
                RefusedKeys.Add(address + " (S/MIME: " + await response.Content.ReadAsStringAsync() + ")");
                SmimeKeys.Remove(address);
            }
        }

        // Every OpenPGP key of the home: the secret keys for the addresses in their user ids (in the
        // tenant's domains), the public keys gateway-wide (to verify signatures of those addresses).
        var listing = await Pgp.RunTextAsync("--with-colons", "--list-secret-keys");
        foreach (var fingerprint in listing.Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).Distinct())
        {
            var uids = (await Pgp.RunTextAsync("--with-colons", "--list-keys", fingerprint)).Split('\n')
                .Where(l => l.StartsWith("uid:", StringComparison.Ordinal))
                .Select(l => System.Text.RegularExpressions.Regex.Match(l.Split(':')[9], "<([^>]+)>").Groups[1].Value.ToLowerInvariant())
                .Where(a => a.Contains('@'))
                .Distinct();
            var secret = await Pgp.ExportSecretAsync(fingerprint);
            var publicKey = await Pgp.ExportPublicAsync(fingerprint);
            foreach (var address in uids)
            {
                await PutAsync($"/api/openpgp-keys/{address}", new { publicKey });
                if (domains.Contains(address[(address.LastIndexOf('@') + 1)..]))
                {
                    using var response = await Gateway.Http.PutAsJsonAsync($"/api/tenants/corpus/openpgp-keys/{address}", new { secretKey = secret });
                    var answer = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        // The gateway takes no key below RSA-2048 (docs/POLICY.md): mail to it stays unreadable there, on purpose.
                        Assert.Contains("WeakKey", answer);
                        RefusedKeys.Add(address);
                        continue;
                    }
                    var ids = (await Pgp.RunTextAsync("--with-colons", "--list-keys", fingerprint)).Split('\n')
                        .Where(l => l.StartsWith("pub:", StringComparison.Ordinal) || l.StartsWith("sub:", StringComparison.Ordinal))
                        .Select(l => l.Split(':')[4].ToUpperInvariant());
                    (HeldKeyIds.TryGetValue(address, out var held) ? held : HeldKeyIds[address] = []).UnionWith(ids);
                }
            }
        }
    }

    /// <summary>The addresses of the To and Cc headers.</summary>
    public static IReadOnlyList<string> Recipients(byte[] message)
    {
        var headers = MimeKit.HeaderList.Load(new MemoryStream(message));
        return headers.Where(h => h.Id is MimeKit.HeaderId.To or MimeKit.HeaderId.Cc)
            .SelectMany(h => MimeKit.InternetAddressList.TryParse(h.Value, out var list) ? list.Mailboxes.Select(m => m.Address) : [])
            .Where(a => a.Contains('@'))
            .ToList();
    }

    private static byte[] WithoutMboxLine(byte[] message)
    {
        if (!message.AsSpan().StartsWith("From "u8))
        {
            return message;
        }
        var newline = Array.IndexOf(message, (byte)'\n');
        return message[(newline + 1)..];
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static async Task<byte[]> RunAsync(string program, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await copy;
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {await error}");
        return output.ToArray();
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
        await Pgp.StopAgentAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusWorld>
{
    public const string Name = "corpora";
}
