using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Smgw.Tests.Corpora;

/// <summary>
/// Issue F1 §6, real-world corpora: every S/MIME and OpenPGP message of KDE's and notmuch's test
/// data (Apple Mail, Enigmail, KMail, gpgsm, the IETF LAMPS samples) is fed inbound through the
/// real gateway, and its stamps are compared with what openssl and gpg say of the same bytes with
/// the same keys. A verdict may be stricter than the tools' only for a reason the gateway states
/// on purpose (a key or certificate it does not trust for the From address, a key too weak);
/// it may never be more lenient: no "valid" where the tools say otherwise, no "decrypted" where
/// they cannot, and whatever they can decrypt, the gateway decrypts.
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class CorpusTests(CorpusWorld world, ITestOutputHelper output)
{
    /// <summary>What a tool says of a message: decrypted at all; the signature over the content (null: none found).</summary>
    private sealed record Verdict(bool Encrypted, bool Decrypted, bool? SignatureValid, string Detail);

    [Fact]
    public async Task The_gateways_stamps_on_other_clients_messages_agree_with_openssl_and_gpg()
    {
        var rows = new List<string>();
        var failures = new List<string>();
        var compared = 0;
        foreach (var (name, message) in world.Messages)
        {
            var to = CorpusWorld.Recipients(message).FirstOrDefault();
            if (to is null)
            {
                continue; // no recipient to deliver to
            }
            var oracle = await OracleAsync(to, message);
            var (decryption, signature) = await GatewayAsync(name, to, message);
            compared++;
            var decrypted = decryption?.StartsWith("decrypted", StringComparison.Ordinal) == true;
            var valid = signature?.StartsWith("valid", StringComparison.Ordinal) == true;
            rows.Add($"{name}: tools {(oracle.Encrypted ? oracle.Decrypted ? "decrypted" : "not decrypted" : "plain")}, signature {Word(oracle.SignatureValid)} ({oracle.Detail}) | gateway {decryption ?? "-"} | {signature ?? "-"}");

            if (decrypted && !oracle.Decrypted)
            {
                failures.Add($"{name}: the gateway says decrypted, the tools cannot decrypt it");
            }
            if (oracle.Decrypted && !decrypted)
            {
                failures.Add($"{name}: the tools decrypt it, the gateway does not ({decryption})");
            }
            // Signatures inside ciphertext are compared only where both opened it.
            var comparable = !oracle.Encrypted || (oracle.Decrypted && decrypted);
            if (valid && oracle.SignatureValid != true)
            {
                failures.Add($"{name}: the gateway stamps a valid signature, the tools say {Word(oracle.SignatureValid)} ({oracle.Detail})");
            }
            if (comparable && oracle.SignatureValid == true && !valid && !StricterOnPurpose(signature))
            {
                failures.Add($"{name}: the tools verify the signature, the gateway says {signature ?? "nothing"}");
            }
        }
        foreach (var row in rows)
        {
            output.WriteLine(row);
        }
        output.WriteLine($"keys the gateway refused to hold: {string.Join("; ", world.RefusedKeys)}");
        output.WriteLine($"{compared} messages compared, {failures.Count} disagreements");
        Assert.True(compared >= 60, $"only {compared} messages");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Reasons the gateway refuses a signature the tools accept, each a rule of its own (docs/POLICY.md).</summary>
    private static bool StricterOnPurpose(string? stamp) =>
        stamp is not null && (stamp.Contains("AddressNotInCertificate", StringComparison.Ordinal)
            || stamp.Contains("is not a key the gateway holds for", StringComparison.Ordinal)
            || stamp.Contains("WeakKey", StringComparison.Ordinal)
            || stamp.Contains("Expired", StringComparison.Ordinal));

    private static string Word(bool? valid) => valid switch { true => "valid", false => "invalid", null => "none" };

    private async Task<(string? Decryption, string? Signature)> GatewayAsync(string name, string to, byte[] message)
    {
        var marker = $"corpus-{Guid.NewGuid():N}";
        await using var smtp = await RawSmtpClient.ConnectAsync(world.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.outside.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<corpus@outside.example>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var text = $"X-Corpus-Marker: {marker}\r\n" + Encoding.Latin1.GetString(message);
        var reply = await smtp.SendDataAsync(text);
        Assert.True(reply.StartsWith("250 2.0.0", StringComparison.Ordinal), $"{name}: {reply}");
        await world.Gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        var delivered = Assert.Single(world.Lds.Messages(), m => m.Message.Contains(marker, StringComparison.Ordinal));
        var headers = HeaderList.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        return (headers["X-SMGW-Decryption"], headers["X-SMGW-Signature"]);
    }

    /// <summary>
    /// openssl and gpg on the message, layer by layer, as the recipient would open it with those
    /// tools: with the recipient's own keys only (the ones the gateway holds for it), and every public key to verify.
    /// </summary>
    private async Task<Verdict> OracleAsync(string recipient, byte[] message)
    {
        _recipient = recipient;
        var dir = TestEnvironment.TempDirectory("oracle");
        var file = Path.Combine(dir, "message.eml");
        await File.WriteAllBytesAsync(file, Crlf(message));
        var entity = MimeMessage.Load(new MemoryStream(message)).Body;
        return await LayerAsync(dir, file, entity, encrypted: false, decrypted: false, depth: 0);
    }

    private string _recipient = "";

    /// <summary>gpg opened it with a key of the recipient that the gateway holds (the home has every corpus key).</summary>
    private bool OpenedWithRecipientsKey(string status) =>
        world.HeldKeyIds.TryGetValue(_recipient, out var ids)
        && status.Split('\n').Any(l => l.StartsWith("[GNUPG:] ENC_TO ", StringComparison.Ordinal) && ids.Contains(l.Split(' ')[2].ToUpperInvariant()));

    private async Task<Verdict> LayerAsync(string dir, string file, MimeEntity? entity, bool encrypted, bool decrypted, int depth)
    {
        if (entity is null || depth > 3)
        {
            return new Verdict(encrypted, decrypted, null, "");
        }
        if (entity is ApplicationPkcs7Mime or MimePart { ContentType.MimeType: "application/octet-stream", FileName: "smime.p7m" })
        {
            var (code, clear, error) = world.SmimeKeys.TryGetValue(_recipient, out var own)
                ? await OpenSsl.RunAsync(dir, "cms", "-decrypt", "-in", file, "-inform", "SMIME", "-recip", own.Certificate, "-inkey", own.Key)
                : (1, [], "the recipient holds no S/MIME key");
            if (code == 0)
            {
                var inner = Path.Combine(dir, $"layer{depth}.eml");
                await File.WriteAllBytesAsync(inner, clear);
                return await LayerAsync(dir, inner, MimeEntity.Load(new MemoryStream(clear)), true, true, depth + 1);
            }
            var verify = await OpenSsl.RunAsync(dir, "cms", "-verify", "-in", file, "-inform", "SMIME", "-CAfile", world.SmimeCa);
            return error.Contains("not enveloped", StringComparison.OrdinalIgnoreCase) || error.Contains("type not enveloped", StringComparison.OrdinalIgnoreCase) || IsSigned(entity)
                ? new Verdict(encrypted, decrypted, verify.ExitCode == 0, "openssl verify " + Short(verify.Stderr))
                : new Verdict(true, decrypted, null, "openssl cannot decrypt: " + Short(error));
        }
        if (entity is MultipartSigned signed && (signed.ContentType.Parameters["protocol"] ?? "").Contains("pkcs7", StringComparison.OrdinalIgnoreCase))
        {
            var verify = await OpenSsl.RunAsync(dir, "cms", "-verify", "-in", file, "-inform", "SMIME", "-CAfile", world.SmimeCa);
            return new Verdict(encrypted, decrypted, verify.ExitCode == 0, "openssl verify " + Short(verify.Stderr));
        }
        if (entity is MultipartEncrypted { Count: >= 2 } pgp && pgp[1] is MimePart data)
        {
            var (code, clear, status) = await Gpg(Decoded(data), "--decrypt");
            if ((code != 0 && !status.Contains("DECRYPTION_OKAY", StringComparison.Ordinal)) || !OpenedWithRecipientsKey(status))
            {
                return new Verdict(true, decrypted, null, "gpg cannot decrypt: " + Short(status));
            }
            var signature = SignatureOf(status);
            var inner = Path.Combine(dir, $"layer{depth}.eml");
            await File.WriteAllBytesAsync(inner, clear);
            MimeEntity? content = null;
            try
            {
                content = MimeEntity.Load(new MemoryStream(clear));
            }
            catch (FormatException)
            {
            }
            var below = await LayerAsync(dir, inner, content, true, true, depth + 1);
            return below with { SignatureValid = below.SignatureValid ?? signature, Detail = below.Detail.Length > 0 ? below.Detail : "gpg " + Short(status) };
        }
        if (entity is MultipartSigned pgpSigned && pgpSigned.Count == 2 && pgpSigned[1] is MimePart signaturePart
            && (pgpSigned.ContentType.Parameters["protocol"] ?? "").Contains("pgp", StringComparison.OrdinalIgnoreCase))
        {
            var signedBytes = RawFirstPart(await File.ReadAllBytesAsync(file), pgpSigned.Boundary ?? "");
            if (signedBytes is null)
            {
                return new Verdict(encrypted, decrypted, false, "the signed part cannot be cut out");
            }
            var sig = Path.Combine(dir, $"sig{depth}.asc");
            var content = Path.Combine(dir, $"signed{depth}.bin");
            await File.WriteAllBytesAsync(sig, Decoded(signaturePart));
            await File.WriteAllBytesAsync(content, signedBytes);
            var (_, _, status) = await Gpg(null, "--verify", sig, content);
            return new Verdict(encrypted, decrypted, SignatureOf(status) ?? false, "gpg " + Short(status));
        }
        if (entity is TextPart { IsPlain: true } text)
        {
            // The bytes as sent (in their own charset), as gpg would read them from the mail.
            var bytes = Decoded(text);
            var body = Encoding.Latin1.GetString(bytes);
            if (body.Contains("-----BEGIN PGP MESSAGE-----", StringComparison.Ordinal))
            {
                var (code, _, status) = await Gpg(bytes, "--decrypt");
                var ok = (code == 0 || status.Contains("DECRYPTION_OKAY", StringComparison.Ordinal)) && OpenedWithRecipientsKey(status);
                return new Verdict(true, ok, ok ? SignatureOf(status) : null, "gpg " + Short(status));
            }
            if (body.Contains("-----BEGIN PGP SIGNED MESSAGE-----", StringComparison.Ordinal))
            {
                var (_, _, status) = await Gpg(bytes, "--verify");
                return new Verdict(encrypted, decrypted, SignatureOf(status) ?? false, "gpg " + Short(status));
            }
        }
        return new Verdict(encrypted, decrypted, null, "");
    }

    private static bool IsSigned(MimeEntity entity) =>
        entity is ApplicationPkcs7Mime pkcs7 && pkcs7.SecureMimeType is SecureMimeType.SignedData or SecureMimeType.CompressedData;

    private async Task<(int Code, byte[] Stdout, string Status)> Gpg(byte[]? stdin, params string[] args)
    {
        var (code, stdout, stderr) = await world.Pgp.RunAsync(stdin, ["--batch", "--status-fd", "2", .. args]);
        return (code, stdout, stderr);
    }

    /// <summary>GOODSIG (and VALIDSIG) is valid; BADSIG, EXPKEYSIG, REVKEYSIG, ERRSIG (no key) invalid; null when gpg saw no signature.</summary>
    private static bool? SignatureOf(string status) =>
        status.Contains("[GNUPG:] GOODSIG", StringComparison.Ordinal) && status.Contains("[GNUPG:] VALIDSIG", StringComparison.Ordinal) ? true
        : status.Contains("[GNUPG:] BADSIG", StringComparison.Ordinal) || status.Contains("[GNUPG:] EXPKEYSIG", StringComparison.Ordinal)
          || status.Contains("[GNUPG:] REVKEYSIG", StringComparison.Ordinal) || status.Contains("[GNUPG:] ERRSIG", StringComparison.Ordinal) ? false
        : null;

    /// <summary>The bytes of the first part of a multipart/signed exactly as sent (RFC 3156: CRLF, up to the CRLF before the next boundary).</summary>
    private static byte[]? RawFirstPart(byte[] message, string boundary)
    {
        var text = Encoding.Latin1.GetString(Crlf(message));
        var delimiter = "\r\n--" + boundary;
        var first = text.IndexOf("--" + boundary + "\r\n", StringComparison.Ordinal);
        if (first < 0)
        {
            return null;
        }
        var start = first + boundary.Length + 4;
        var end = text.IndexOf(delimiter, start, StringComparison.Ordinal);
        return end < 0 ? null : Encoding.Latin1.GetBytes(text[start..end]);
    }

    private static byte[] Crlf(byte[] message) =>
        Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(message).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    private static byte[] Decoded(MimePart part)
    {
        using var memory = new MemoryStream();
        part.Content?.DecodeTo(memory);
        return memory.ToArray();
    }

    private static string Short(string text) =>
        string.Join(" ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(3));
}
