// S/MIME crypto-only benchmark (issue B, section 6): sign+encrypt and decrypt+verify of a 10 KB
// message, single-threaded, RSA-2048 and RSA-3072, against `openssl speed` measured in the same run.
//
//   bench/crypto/run.sh [--seconds N]
//   bench/crypto/run.sh --pgp [--seconds N]    OpenPGP against gpg instead (PgpBench.cs)
//
// sign+encrypt  = one private-key op (sign) + one public-key op (wrap the content key);
// decrypt+verify = one private-key op (unwrap) + one public-key op (verify) — plus chain building.
// The OpenSSL bound per message is therefore 1 / (1/sign_per_s + 1/verify_per_s).
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Smgw.Crypto.Smime;

var secondsAt = Array.IndexOf(args, "--seconds");
var seconds = secondsAt >= 0 && secondsAt + 1 < args.Length ? double.Parse(args[secondsAt + 1], CultureInfo.InvariantCulture) : 3.0;
var inv = CultureInfo.InvariantCulture;
if (args.Contains("--pgp"))
{
    return await PgpBench.RunAsync(seconds);
}

Console.WriteLine($"load average at the start: {LoadAverage()}");
Console.WriteLine($"# S/MIME crypto-only benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, {Environment.ProcessorCount} cores, .NET {Environment.Version}, 1 thread, {seconds:0.#} CPU-s per measurement, best of 3");

var openssl = await OpenSslSpeedAsync(seconds);
Console.WriteLine($"openssl: {openssl.Version}");

if (args.Contains("--breakdown"))
{
    using var p = new BenchPki(2048);
    var e = new SmimeEngine();
    var m = CreateMessage();
    var r = new[] { new SmimeRecipient(p.Recipient.Certificate) };
    var rsa = (RSA)p.Sender.PrivateKey;
    var data = new byte[32];
    void Row(string name, Action a)
    {
        Measure(a, 1);
        Console.WriteLine(string.Format(inv, "{0,-28} {1,8:0}/s", name, Measure(a, seconds)));
    }

    Row("raw RSA sign", () => rsa.SignHash(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    Row("raw RSA encrypt", () => p.Recipient.Certificate.GetRSAPublicKey()!.Encrypt(data, RSAEncryptionPadding.Pkcs1));
    var content = new byte[10240];
    Row("SignedCms.ComputeSignature", () =>
    {
        var cms = new System.Security.Cryptography.Pkcs.SignedCms(new System.Security.Cryptography.Pkcs.ContentInfo(content), true);
        cms.ComputeSignature(new System.Security.Cryptography.Pkcs.CmsSigner(System.Security.Cryptography.Pkcs.SubjectIdentifierType.IssuerAndSerialNumber, p.Sender.Certificate, rsa) { IncludeOption = X509IncludeOption.EndCertOnly }, true);
        cms.Encode();
    });
    Row("SignedCms no attrs/cert", () =>
    {
        var cms = new System.Security.Cryptography.Pkcs.SignedCms(new System.Security.Cryptography.Pkcs.ContentInfo(content), true);
        cms.ComputeSignature(new System.Security.Cryptography.Pkcs.CmsSigner(System.Security.Cryptography.Pkcs.SubjectIdentifierType.IssuerAndSerialNumber, p.Sender.Certificate, rsa) { IncludeOption = X509IncludeOption.None }, true);
        cms.Encode();
    });
    var pub = p.Recipient.Certificate.GetRSAPublicKey()!;
    Row("raw RSA encrypt, key reused", () => pub.Encrypt(data, RSAEncryptionPadding.Pkcs1));
    Row("EnvelopedCms.Encrypt", () =>
    {
        var env = new System.Security.Cryptography.Pkcs.EnvelopedCms(new System.Security.Cryptography.Pkcs.ContentInfo(content), new System.Security.Cryptography.Pkcs.AlgorithmIdentifier(new Oid(SmimeOids.Aes256Cbc), 256));
        env.Encrypt(new System.Security.Cryptography.Pkcs.CmsRecipient(p.Recipient.Certificate));
        env.Encode();
    });
    var dos = FormatOptions.Default.Clone();
    dos.NewLineFormat = NewLineFormat.Dos;
    byte[] Canon()
    {
        m.Body!.Prepare(EncodingConstraint.SevenBit, 78);
        using var memory = new MemoryStream();
        using (var filtered = new MimeKit.IO.FilteredStream(memory))
        {
            filtered.Add(new MimeKit.IO.Filters.ArmoredFromFilter());
            filtered.Add(new MimeKit.IO.Filters.TrailingWhitespaceFilter());
            filtered.Add(new MimeKit.IO.Filters.Unix2DosFilter());
            m.Body!.WriteTo(dos, filtered);
            filtered.Flush();
        }

        return memory.ToArray();
    }

    Row("Prepare only", () => m.Body!.Prepare(EncodingConstraint.SevenBit, 78));
    Row("canonicalize", () => Canon());
    var canon = Canon();
    Row("parse canonical", () => MimeEntity.Load(new MemoryStream(canon)));
    Row("Sign(entity)", () => e.Sign(m.Body!, p.Sender));
    var signed = e.Sign(m.Body!, p.Sender);
    Row("Encrypt(signed entity)", () => e.Encrypt(signed, r));
    Row("SignAndEncrypt(message)+write", () => SignAndEncrypt(e, m, p.Sender, r));
    var wire = SignAndEncrypt(e, m, p.Sender, r);
    var parsed = MimeMessage.Load(new MemoryStream(wire));
    Row("parse wire", () => MimeMessage.Load(new MemoryStream(wire)));
    Row("Decrypt(message)", () => e.Decrypt(parsed, [p.Recipient]));
    var decrypted = e.Decrypt(parsed, [p.Recipient]).Message!;
    Row("Verify(message)", () => e.Verify(decrypted, [p.Ca]));
    var validator = new Smgw.Crypto.Certificates.CertificateValidator();
    Row("CertificateValidator", () => validator.Validate(p.Sender.Certificate, [p.Ca], Smgw.Crypto.Certificates.CertificatePurpose.EmailSigning, "sender@example.org"));
    Row("DecryptAndVerify(wire)", () => DecryptAndVerify(e, wire, p.Recipient, [p.Ca]));
    return 0;
}

var rows = new List<string>();
var engine = new SmimeEngine();
var message = CreateMessage();
var pkis = new[] { 2048, 3072 }.ToDictionary(b => b, b => new BenchPki(b));

// Warm up every path (JIT tiering, OpenSSL caches) before measuring anything: on a loaded
// machine the background tier-1 compile is slow to arrive, and the first size measured would pay for it.
var warmUp = Stopwatch.StartNew();
while (warmUp.Elapsed.TotalSeconds < 4)
{
    foreach (var pki in pkis.Values)
    {
        var w = SignAndEncrypt(engine, message, pki.Sender, [new SmimeRecipient(pki.Recipient.Certificate)]);
        if (!DecryptAndVerify(engine, w, pki.Recipient, [pki.Ca]))
        {
            throw new InvalidOperationException("round trip did not verify");
        }
    }
}

foreach (var (bits, pki) in pkis)
{
    var recipients = new[] { new SmimeRecipient(pki.Recipient.Certificate) };
    var anchors = new X509Certificate2Collection { pki.Ca };
    byte[] wire = SignAndEncrypt(engine, message, pki.Sender, recipients);

    var seRate = BestOf(3, () => Measure(() => wire = SignAndEncrypt(engine, message, pki.Sender, recipients), seconds));
    var dvRate = BestOf(3, () => Measure(() => DecryptAndVerify(engine, wire, pki.Recipient, anchors), seconds));

    var (sign, verify) = openssl.Rates[bits];
    var bound = 1.0 / (1.0 / sign + 1.0 / verify);
    rows.Add(string.Format(inv, "| RSA-{0} | {1:0} | {2:0} | {3:0} | {4:0} | {5:0} | {6:0.0} % | {7:0.0} % |",
        bits, sign, verify, bound, seRate, dvRate, 100 * seRate / bound, 100 * dvRate / bound));
    Console.Error.WriteLine($"RSA-{bits}: wire size {wire.Length} bytes");
    pki.Dispose();
}

Console.WriteLine($"load average at the end: {LoadAverage()}");

Console.WriteLine();
Console.WriteLine("| key | openssl sign/s | openssl verify/s | OpenSSL bound msg/s (1 priv + 1 pub) | engine sign+encrypt msg/s | engine decrypt+verify msg/s | sign+encrypt / bound (target ≥ 30 %) | decrypt+verify / bound (target ≥ 12 %) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

return 0;

// Best of n runs: the machine is shared, and background work (tiered JIT, GC) lands on whichever run is first.
static double BestOf(int n, Func<double> run) => Enumerable.Range(0, n).Select(_ => run()).Max();

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

static byte[] SignAndEncrypt(SmimeEngine engine, MimeMessage message, SmimeIdentity sender, SmimeRecipient[] recipients)
{
    var encrypted = engine.SignAndEncrypt(message, sender, recipients);
    using var memory = new MemoryStream(16 * 1024);
    encrypted.WriteTo(memory);
    return memory.ToArray();
}

static bool DecryptAndVerify(SmimeEngine engine, byte[] wire, SmimeIdentity recipient, X509Certificate2Collection anchors)
{
    using var stream = new MemoryStream(wire, writable: false);
    var message = MimeMessage.Load(stream);
    var decrypted = engine.Decrypt(message, [recipient]);
    return engine.Verify(decrypted.Message!, anchors).IsValid;
}

// Operations per CPU-second of this process (user + system, all threads, so GC and JIT count):
// the machine is shared, and `openssl speed` likewise divides by CPU user time (without -elapsed).
static double Measure(Action action, double seconds)
{
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpuStart = process.TotalProcessorTime;
    var count = 0;
    var watch = Stopwatch.StartNew();
    while (true)
    {
        action();
        count++;
        if ((count & 7) == 0)
        {
            process.Refresh();
            if ((process.TotalProcessorTime - cpuStart).TotalSeconds >= seconds || watch.Elapsed.TotalSeconds >= 10 * seconds)
            {
                break;
            }
        }
    }

    process.Refresh();
    return count / (process.TotalProcessorTime - cpuStart).TotalSeconds;
}

static MimeMessage CreateMessage()
{
    var text = new StringBuilder();
    var line = 0;
    while (text.Length < 10 * 1024)
    {
        text.Append(CultureInfo.InvariantCulture, $"Line {line++:0000}: Grüße aus Köln, the quarterly figures follow in the attachment.\r\n");
    }

    var message = new MimeMessage();
    message.From.Add(MailboxAddress.Parse("sender@example.org"));
    message.To.Add(MailboxAddress.Parse("recipient@example.net"));
    message.Subject = "Benchmark 10 KB";
    message.Body = new TextPart("plain") { Text = text.ToString(0, 10 * 1024) };
    return message;
}

static async Task<(string Version, Dictionary<int, (double Sign, double Verify)> Rates)> OpenSslSpeedAsync(double seconds)
{
    var command = $"openssl speed -seconds {seconds.ToString(CultureInfo.InvariantCulture)} rsa2048 rsa3072";
    Console.WriteLine($"OpenSSL bound: `{command}` (single process, single thread)");
    var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var arg in new[] { "speed", "-seconds", ((int)Math.Ceiling(seconds)).ToString(CultureInfo.InvariantCulture), "rsa2048", "rsa3072" })
    {
        start.ArgumentList.Add(arg);
    }

    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEndAsync();
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    await stderr;
    var rates = new Dictionary<int, (double, double)>();
    foreach (Match m in Regex.Matches(output, @"^rsa\s+(\d+)\s+bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)", RegexOptions.Multiline))
    {
        rates[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)] =
            (double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    if (!rates.ContainsKey(2048) || !rates.ContainsKey(3072))
    {
        throw new InvalidOperationException("could not parse `openssl speed` output:\n" + output);
    }

    var version = output.Split('\n').FirstOrDefault(l => l.StartsWith("version:", StringComparison.Ordinal))?.Trim() ?? "?";
    return (version, rates);
}

/// <summary>A CA and two end-entity RSA certificates of one size, made in memory for the run.</summary>
internal sealed class BenchPki : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public BenchPki(int bits)
    {
        var now = DateTimeOffset.UtcNow;
        var caKey = RSA.Create(bits);
        _owned.Add(caKey);
        var caRequest = new CertificateRequest("CN=Bench CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        _owned.Add(Ca);
        Sender = Issue("sender@example.org", bits, caKey, now);
        Recipient = Issue("recipient@example.net", bits, caKey, now);
    }

    public X509Certificate2 Ca { get; }

    public SmimeIdentity Sender { get; }

    public SmimeIdentity Recipient { get; }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private SmimeIdentity Issue(string email, int bits, RSA caKey, DateTimeOffset now)
    {
        var key = RSA.Create(bits);
        _owned.Add(key);
        var request = new CertificateRequest($"CN={email}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(SmimeOids.EmailProtection)], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(email);
        request.CertificateExtensions.Add(san.Build());
        var cert = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), now.AddDays(-1), now.AddMonths(6), RandomNumberGenerator.GetBytes(8));
        _owned.Add(cert);
        return new SmimeIdentity(cert, key);
    }
}
