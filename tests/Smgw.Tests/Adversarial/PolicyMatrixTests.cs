using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Smgw.Tests.Adversarial;

/// <summary>
/// Issue F1 §6: a generated policy matrix of more than 1,000 recipient-cases (correspondents of
/// every key kind × every rule, aliases over them, mixed-case spellings, one to four recipients per
/// message), each message sent through the real gateway process and the copies on the wire opened
/// by openssl and gpg. What must hold, for every case:
/// <list type="bullet">
/// <item>no recipient whose mail must be encrypted (its address policy, its group, an alias target)
/// ever receives the message text in clear;</item>
/// <item>the dry run equals the real outcome: the same recipients delivered, refused (with the same
/// status) or sent to the Messenger, and what it says is encrypted is encrypted to every key it names;</item>
/// <item>every refusal produces one DSN naming exactly the refused recipients;</item>
/// <item>nothing is lost or duplicated: every recipient ends final, with at most one copy.</item>
/// </list>
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class PolicyMatrixTests(AdversarialWorld world, ITestOutputHelper output)
{
    private const int MinimumCases = 1000;

    private sealed record Case(int Index, string Subject, string Marker, IReadOnlyList<string> Recipients)
    {
        public string QueueId { get; set; } = "";
        public JsonElement DryRun { get; set; }
        public JsonElement Status { get; set; }
    }

    [Fact]
    public async Task No_mandatory_recipient_sees_plain_text_and_the_dry_run_is_what_happens()
    {
        var cases = Generate();
        var recipientCases = cases.Sum(c => c.Recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(recipientCases >= MinimumCases, $"{recipientCases} recipient-cases");

        foreach (var c in cases)
        {
            using var response = await world.Gateway.Http.PostAsJsonAsync("/api/policy/dry-run",
                new { direction = "Outbound", tenantId = AdversarialWorld.Tenant, sender = AdversarialWorld.Sender, recipients = c.Recipients });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            c.DryRun = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision");
        }
        await SubmitAsync(cases);
        foreach (var c in cases)
        {
            c.Status = await world.Gateway.WaitCompletedAsync(c.QueueId, TimeSpan.FromMinutes(3));
            foreach (var dsn in c.Status.GetProperty("notifications").EnumerateArray())
            {
                await world.Gateway.WaitCompletedAsync(dsn.GetString()!, TimeSpan.FromMinutes(3));
            }
        }

        var copies = world.Smarthost.Messages().GroupBy(m => SubjectOf(m.Message)).ToDictionary(g => g.Key, g => g.ToList());
        var dsns = world.Lds.Messages().Where(m => m.MailFrom.Length == 0).ToList();
        var failures = new List<string>();
        var opened = 0;
        foreach (var c in cases)
        {
            var mine = copies.GetValueOrDefault(c.Subject) ?? [];
            var bounced = new List<string>();
            foreach (var recipient in c.Recipients.DistinctBy(r => r.ToLowerInvariant()))
            {
                var expected = c.DryRun.GetProperty("envelope").EnumerateArray().Single(e => Same(e.GetProperty("recipient").GetString()!, recipient));
                var treatment = expected.GetProperty("treatment");
                var outcome = treatment.GetProperty("outcome").GetString();
                var real = c.Status.GetProperty("recipients").EnumerateArray().Single(r => Same(r.GetProperty("address").GetString()!, recipient));
                var state = real.GetProperty("state").GetString();
                var response = real.TryGetProperty("lastResponse", out var last) ? last.GetString() ?? "" : "";
                var delivered = mine.Where(m => m.RcptTo.Any(r => Same(r, recipient))).ToList();
                var where = $"#{c.Index} <{recipient}> ({treatment.GetProperty("action").GetString()})";

                if (delivered.Count > 1)
                {
                    failures.Add($"{where}: {delivered.Count} copies");
                }
                if (Mandatory(recipient) && delivered.Any(d => d.Message.Contains(c.Marker, StringComparison.Ordinal)))
                {
                    failures.Add($"{where}: a recipient whose mail must be encrypted got the text in clear");
                }
                switch (outcome)
                {
                    case "Deliver":
                        if (state != "Delivered" || response.Contains("Messenger", StringComparison.Ordinal) || delivered.Count != 1)
                        {
                            failures.Add($"{where}: dry run delivers, real: {state} ({response}), {delivered.Count} copies");
                            break;
                        }
                        var keys = RecipientKeys(treatment);
                        if (keys.Count == 0)
                        {
                            if (!delivered[0].Message.Contains(c.Marker, StringComparison.Ordinal))
                            {
                                failures.Add($"{where}: delivered in plain text by the dry run, but the text is not readable");
                            }
                            break;
                        }
                        if (delivered[0].Message.Contains(c.Marker, StringComparison.Ordinal))
                        {
                            failures.Add($"{where}: said to be encrypted, but the text is on the wire");
                        }
                        foreach (var (purpose, owner) in keys)
                        {
                            opened++;
                            var clear = await OpenAsync(delivered[0].Message, purpose, owner);
                            if (clear is null || !clear.Contains(c.Marker, StringComparison.Ordinal))
                            {
                                failures.Add($"{where}: the copy does not open with the {purpose} of {owner}");
                            }
                        }
                        break;
                    case "Messenger":
                        if (state != "Delivered" || !response.Contains("Messenger", StringComparison.Ordinal) || delivered.Any(d => d.Message.Contains(c.Marker, StringComparison.Ordinal)))
                        {
                            failures.Add($"{where}: dry run says Messenger, real: {state} ({response})");
                        }
                        break;
                    case "Refuse":
                        bounced.Add(recipient);
                        if (state != "Bounced" || real.GetProperty("status").GetString() != treatment.GetProperty("status").GetString() || delivered.Count > 0)
                        {
                            failures.Add($"{where}: dry run refuses ({treatment.GetProperty("status").GetString()}), real: {state} {real.GetProperty("status")} with {delivered.Count} copies");
                        }
                        break;
                    default:
                        failures.Add($"{where}: unexpected outcome {outcome}");
                        break;
                }
            }

            // One DSN per message with refusals, naming exactly the refused recipients.
            var notifications = c.Status.GetProperty("notifications").GetArrayLength();
            var reports = dsns.Where(d => d.Message.Contains(c.Subject, StringComparison.Ordinal)).ToList();
            if (bounced.Count == 0 ? notifications != 0 || reports.Count != 0 : notifications != 1 || reports.Count != 1)
            {
                failures.Add($"#{c.Index}: {bounced.Count} refused, {notifications} DSN(s) recorded, {reports.Count} received");
            }
            else if (reports.Count == 1)
            {
                var named = FinalRecipients(reports[0].Message);
                if (!named.SetEquals(bounced.Select(b => b.ToLowerInvariant())))
                {
                    failures.Add($"#{c.Index}: the DSN names {string.Join(", ", named)}, refused were {string.Join(", ", bounced)}");
                }
            }
        }

        output.WriteLine($"{cases.Count} messages, {recipientCases} recipient-cases, {opened} copies opened with openssl/gpg, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    /// <summary>Seeded: the same matrix every run. Every correspondent and alias appears, in random company and spelling.</summary>
    private List<Case> Generate()
    {
        var random = new Random(4242);
        var pool = world.Correspondents.Select(c => c.Address).Concat(world.Aliases.Select(a => a.Address)).ToList();
        var cases = new List<Case>();
        var total = 0;
        while (total < MinimumCases + 100)
        {
            var count = random.Next(1, 5);
            var recipients = new List<string>();
            for (var i = 0; i < count; i++)
            {
                // Each address at least once alone, in order; then random company.
                var address = cases.Count < pool.Count && i == 0 ? pool[cases.Count] : pool[random.Next(pool.Count)];
                recipients.Add(random.Next(4) == 0 ? MixedCase(address, random) : address);
            }
            var id = Guid.NewGuid().ToString("N");
            cases.Add(new Case(cases.Count, $"adv-{cases.Count}-{id}", $"MARKER{id}", recipients));
            total += recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count();
        }
        return cases;
    }

    private static string MixedCase(string address, Random random) =>
        string.Concat(address.Select(ch => random.Next(2) == 0 ? char.ToUpperInvariant(ch) : ch));

    private async Task SubmitAsync(List<Case> cases)
    {
        foreach (var batch in cases.Chunk(50))
        {
            await using var smtp = await RawSmtpClient.ConnectAsync(world.Gateway.SubmissionPort);
            await smtp.SendAsync("EHLO mail.lds.example");
            Assert.StartsWith("220", await smtp.StartTlsAsync());
            await smtp.SendAsync("EHLO mail.lds.example");
            foreach (var c in batch)
            {
                Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{AdversarialWorld.Sender}>"));
                foreach (var recipient in c.Recipients)
                {
                    Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{recipient}>"));
                }
                var reply = await smtp.SendDataAsync(
                    $"From: {AdversarialWorld.Sender}\nTo: {string.Join(", ", c.Recipients)}\nSubject: {c.Subject}\nMessage-ID: <{c.Subject}@lds.example>\n" +
                    $"Content-Type: text/plain; charset=us-ascii\n\nAktenzeichen {c.Marker}\n");
                Assert.StartsWith("250 2.0.0", reply);
                c.QueueId = GatewayProcess.QueueIdOf(reply);
            }
        }
    }

    /// <summary>The test's own model, independent of the engine: does this envelope recipient's mail have to be encrypted?</summary>
    private bool Mandatory(string recipient) =>
        world.Correspondents.FirstOrDefault(c => Same(c.Address, recipient))?.Mandatory
        ?? world.Aliases.First(a => Same(a.Address, recipient)).Mandatory;

    private static List<(string Purpose, string Owner)> RecipientKeys(JsonElement treatment)
    {
        var all = treatment.GetProperty("encryptToAll").EnumerateArray().ToList();
        if (all.Count == 0 && treatment.TryGetProperty("encryptTo", out var one) && one.ValueKind == JsonValueKind.Object)
        {
            all.Add(one);
        }
        return all.Select(k => (k.GetProperty("purpose").GetString()!, k.GetProperty("owner").GetString()!)).ToList();
    }

    /// <summary>The copy opened as its recipient would: openssl with the S/MIME key, gpg with the OpenPGP key (which must be among the session-key packets).</summary>
    private async Task<string?> OpenAsync(string wire, string purpose, string owner)
    {
        var dir = TestEnvironment.TempDirectory("open");
        if (purpose is "EncryptPersonalSmime" or "EncryptDomainSmime")
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "copy.eml"), wire, Encoding.Latin1);
            var (exit, stdout, _) = await OpenSsl.RunAsync(dir, "cms", "-decrypt", "-in", "copy.eml", "-recip", world.CertificateFiles[owner], "-inkey", world.KeyFile);
            return exit == 0 ? Encoding.Latin1.GetString(stdout) : null;
        }
        var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(wire)));
        if (message.Body is not Multipart { Count: 2 } encrypted || encrypted[1] is not MimePart part)
        {
            return null;
        }
        using var armored = new MemoryStream();
        part.Content!.DecodeTo(armored);
        var packets = Encoding.UTF8.GetString((await world.Pgp.RunAsync(armored.ToArray(), "--list-packets", "--list-only")).Stdout);
        if (!packets.Contains(world.PgpEncryptionKeyIds[owner], StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var (code, clear, _) = await world.Pgp.RunAsync(armored.ToArray(), "--batch", "--decrypt");
        return code == 0 ? Encoding.UTF8.GetString(clear) : null;
    }

    private static HashSet<string> FinalRecipients(string dsn)
    {
        var report = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(dsn)));
        var status = ((Multipart)report.Body!).OfType<MimeKit.MessageDeliveryStatus>().Single();
        return status.StatusGroups.Skip(1).Select(g => (g["Final-Recipient"] ?? "").Replace("rfc822;", "", StringComparison.OrdinalIgnoreCase).Trim().ToLowerInvariant()).ToHashSet();
    }

    private static string SubjectOf(string message)
    {
        foreach (var line in message.Split('\n'))
        {
            if (line.StartsWith("Subject: ", StringComparison.OrdinalIgnoreCase))
            {
                return line[9..].Trim();
            }
            if (line.Trim().Length == 0)
            {
                break;
            }
        }
        return "";
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
