using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.OpenPgp;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// OpenPGP through the real gateway process (issue B): keys imported through the API, outbound
/// PGP/MIME that gpg decrypts and verifies, inbound PGP/MIME from gpg that the gateway decrypts,
/// verifies and stamps, refusal without a key, key harvesting from Autocrypt, the API never showing secrets.
/// </summary>
[Collection(PgpGatewayCollection.Name)]
public sealed class PgpGatewayTests(PgpGatewayFixture fixture)
{
    private PgpTestKeys Keys => fixture.Keys;

    private async Task<string> SubmitAsync(string from, string to, string subject, string text)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort);
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("220", await smtp.StartTlsAsync());
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var reply = await smtp.SendDataAsync($"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject}@lds.example>\nContent-Type: text/plain; charset=utf-8\n\n{text}\n");
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    private async Task<string> ReceiveAsync(string from, string to, string message)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.partner.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var reply = await smtp.SendDataAsync(message);
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    private static string Trace(JsonElement status) => string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));

    [Theory]
    [InlineData(PgpAlgorithm.Rsa)]
    [InlineData(PgpAlgorithm.Curve25519)]
    public async Task Mail_to_a_partner_with_an_OpenPGP_key_leaves_as_PGP_MIME_that_gpg_decrypts_and_verifies(PgpAlgorithm algorithm)
    {
        var domain = Keys.GatewayDomains[algorithm];
        var to = Keys.PartnerAddresses[algorithm];
        var subject = $"pgp-{Guid.NewGuid():N}";
        var text = $"Vertraulicher Bericht {subject} – Grüße";
        var queueId = await SubmitAsync($"clerk@{domain}", to, subject, text);

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        var trace = Trace(status);
        Assert.Contains("sign-pgp-domain+encrypt-pgp-personal", trace);
        Assert.Contains($"personal OpenPGP key of {to} usable ({Keys.PartnerKeys[algorithm].Fingerprint}", trace);
        Assert.Contains($"OpenPGP domain key (signing) of {domain} usable ({Keys.GatewayKeys[algorithm].Fingerprint}", trace);

        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        Assert.DoesNotContain("Vertraulicher Bericht", delivered.Message);
        var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        var encrypted = Assert.IsType<MultipartEncrypted>(message.Body);
        Assert.Equal("application/pgp-encrypted", encrypted.ContentType.Parameters["protocol"]);
        Assert.Equal(subject, message.Subject);
        using var ciphertext = new MemoryStream();
        ((MimePart)encrypted[1]).Content!.DecodeTo(ciphertext);

        var (exit, plain, gpgStatus) = await Keys.Partner.RunAsync(ciphertext.ToArray(), "--status-fd", "2", "--decrypt");
        Assert.True(exit == 0, gpgStatus);
        Assert.Contains($"[GNUPG:] VALIDSIG {Keys.GatewayKeys[algorithm].Fingerprint}", gpgStatus);
        Assert.Contains("[GNUPG:] DECRYPTION_OKAY", gpgStatus);
        var content = Assert.IsType<TextPart>(MimeEntity.Load(new MemoryStream(plain)));
        Assert.Contains(text, content.Text);

        var metrics = await fixture.Gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("smgw_policy_actions_total{direction=\"outbound\",tenant=\"lds\",kind=\"encrypted-pgp\"}", metrics);
    }

    [Fact]
    public async Task A_sender_whose_own_OpenPGP_key_the_gateway_holds_signs_with_it_under_PersonalIfAvailable()
    {
        const string Sender = "referent@lds.example";
        var to = Keys.PartnerAddresses[PgpAlgorithm.Rsa];
        var fingerprint = await Keys.Partner.GenerateAsync($"Referent <{Sender}>", PgpAlgorithm.Rsa);
        await fixture.PutAsync($"/api/tenants/lds/openpgp-keys/{Sender}", new { secretKey = await Keys.Partner.ExportSecretAsync(fingerprint) });
        await fixture.PutAsync("/api/tenants/lds/policy", new
        {
            tenantPolicy = "lds-pgp",
            addresses = new[] { new { address = Sender, scope = "Internal", policy = "lds-pgp-personal" } },
        });
        try
        {
            var subject = $"pgp-personal-{Guid.NewGuid():N}";
            var queueId = await SubmitAsync(Sender, to, subject, $"Persönlich signiert {subject}");

            var status = await fixture.Gateway.WaitCompletedAsync(queueId);
            Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
            Assert.Contains("sign-pgp-personal+encrypt-pgp-personal", Trace(status));
            Assert.Contains($"personal OpenPGP key (signing) of {Sender} usable ({fingerprint}", Trace(status));

            var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
            var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
            using var ciphertext = new MemoryStream();
            ((MimePart)Assert.IsType<MultipartEncrypted>(message.Body)[1]).Content!.DecodeTo(ciphertext);
            var (exit, _, gpgStatus) = await Keys.Partner.RunAsync(ciphertext.ToArray(), "--status-fd", "2", "--decrypt");
            Assert.True(exit == 0, gpgStatus);
            Assert.Contains($"[GNUPG:] VALIDSIG {fingerprint}", gpgStatus);
        }
        finally
        {
            await fixture.PutAsync("/api/tenants/lds/policy", new { tenantPolicy = "lds-pgp" });
        }
    }

    [Fact]
    public async Task Mail_to_a_recipient_without_an_OpenPGP_key_under_mandatory_encryption_is_refused_naming_the_keys_tried()
    {
        var subject = $"pgp-nokey-{Guid.NewGuid():N}";
        var queueId = await SubmitAsync("clerk@lds.example", "nokey@partner.example", subject, "must not leave in plain text");

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        var recipient = status.GetProperty("recipients")[0];
        Assert.Equal("Bounced", recipient.GetProperty("state").GetString());
        Assert.Equal("5.7.1", recipient.GetProperty("status").GetString());
        var reason = recipient.GetProperty("lastResponse").GetString()!;
        Assert.Contains("personal OpenPGP key of nokey@partner.example: none known", reason);
        Assert.Contains("OpenPGP domain key of partner.example: none known", reason);
        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains(subject) && m.MailFrom.Length > 0);
    }

    [Theory]
    [InlineData(PgpAlgorithm.Rsa, PgpAlgorithm.Rsa)]
    [InlineData(PgpAlgorithm.Curve25519, PgpAlgorithm.Curve25519)]
    public async Task Inbound_PGP_MIME_from_gpg_is_decrypted_with_the_domain_key_verified_and_stamped(PgpAlgorithm sender, PgpAlgorithm gateway)
    {
        var from = Keys.PartnerAddresses[sender];
        var to = $"clerk@{Keys.GatewayDomains[gateway]}";
        var subject = $"pgp-in-{Guid.NewGuid():N}";
        var text = $"Antwort des Partners {subject}";
        var inner = new TextPart("plain") { Text = text + "\r\n" };
        var ciphertext = await Keys.Partner.RunOkAsync(GpgInteropTests.Canonical(inner),
            "--armor", "--sign", "--local-user", from, "--encrypt", "--recipient", $"postmaster@{Keys.GatewayDomains[gateway]}");
        var message = GpgInteropTests.PgpMime(from, ciphertext, to);
        message.Subject = subject;
        message.Headers.Add("X-SMGW-Signature", "valid; signer=forged");

        var queueId = await ReceiveAsync(from, to, Encoding.Latin1.GetString(TestMessages.ToBytes(message)));
        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        Assert.Contains("decrypt-pgp", Trace(status));

        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        var received = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        Assert.Equal($"decrypted; key={Keys.GatewayKeys[gateway].Fingerprint} (OpenPGP domain key (decryption) of {Keys.GatewayDomains[gateway]}); cipher=Aes256", received.Headers["X-SMGW-Decryption"]);
        var signature = received.Headers["X-SMGW-Signature"];
        Assert.Equal($"valid; signer=Partner <{from}> ({Keys.PartnerKeys[sender].Fingerprint}); openpgp", signature);
        Assert.Single(received.Headers, h => h.Field == "X-SMGW-Signature");
        Assert.Contains(text, Assert.IsType<TextPart>(received.Body).Text);
    }

    [Fact]
    public async Task Inbound_inline_OpenPGP_from_gpg_is_decrypted_in_place_verified_and_stamped()
    {
        var from = Keys.PartnerAddresses[PgpAlgorithm.Rsa];
        var to = $"clerk@{Keys.GatewayDomains[PgpAlgorithm.Rsa]}";
        var subject = $"pgp-inline-{Guid.NewGuid():N}";
        var text = $"Inline-Antwort des Partners {subject}";
        var armored = Encoding.ASCII.GetString(await Keys.Partner.RunOkAsync(Encoding.UTF8.GetBytes(text + "\n"),
            "--armor", "--sign", "--local-user", from, "--encrypt", "--recipient", $"postmaster@{Keys.GatewayDomains[PgpAlgorithm.Rsa]}"));

        var queueId = await ReceiveAsync(from, to,
            $"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject}@partner.example>\nContent-Type: text/plain; charset=us-ascii\n\n{armored}");
        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());

        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        Assert.DoesNotContain("BEGIN PGP MESSAGE", delivered.Message);
        var received = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        Assert.Equal($"decrypted; key={Keys.GatewayKeys[PgpAlgorithm.Rsa].Fingerprint} (OpenPGP domain key (decryption) of {Keys.GatewayDomains[PgpAlgorithm.Rsa]}); cipher=Aes256; inline",
            received.Headers["X-SMGW-Decryption"]);
        Assert.Equal($"valid; signer=Partner <{from}> ({Keys.PartnerKeys[PgpAlgorithm.Rsa].Fingerprint}); openpgp", received.Headers["X-SMGW-Signature"]);
        var body = Assert.IsType<TextPart>(received.Body);
        Assert.Equal("utf-8", body.ContentType.Charset);
        Assert.Contains(text, body.Text);
    }

    [Theory]
    [InlineData("as gpg writes it")]
    [InlineData("odd white space")]
    [InlineData("tampered")]
    public async Task Inline_clear_signed_OpenPGP_text_is_verified_and_stamped(string shape)
    {
        var from = Keys.PartnerAddresses[PgpAlgorithm.Rsa];
        var to = $"clerk@{Keys.GatewayDomains[PgpAlgorithm.Rsa]}";
        var subject = $"pgp-clearsign-{Guid.NewGuid():N}";
        var text = $"Oeffentliche Bekanntmachung {subject}\n- mit Spiegelstrich\nEnde";
        var signed = Encoding.ASCII.GetString(await Keys.Partner.RunOkAsync(Encoding.UTF8.GetBytes(text + "\n"), "--clearsign", "--local-user", from));
        var body = shape switch
        {
            // A greeting above the armour, trailing blanks and CRLF on every line, the armour lines indented.
            "odd white space" => "Guten Tag,\r\n\r\n" + string.Join("\r\n", signed.Split('\n').Select(l => l.StartsWith("-----", StringComparison.Ordinal) ? "  " + l + " \t" : l + "  ")),
            "tampered" => signed.Replace("Ende", "Anfang", StringComparison.Ordinal),
            _ => signed,
        };

        var queueId = await ReceiveAsync(from, to,
            $"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject}@partner.example>\nContent-Type: text/plain; charset=us-ascii\n\n{body}");
        await fixture.Gateway.WaitCompletedAsync(queueId);

        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        var received = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        var stamp = received.Headers["X-SMGW-Signature"];
        if (shape == "tampered")
        {
            Assert.StartsWith("invalid; reason=BadSignature", stamp);
        }
        else
        {
            Assert.Equal($"valid; signer=Partner <{from}> ({Keys.PartnerKeys[PgpAlgorithm.Rsa].Fingerprint}); openpgp; inline", stamp);
        }
        Assert.Contains("BEGIN PGP SIGNED MESSAGE", delivered.Message); // the text stays as it was signed
    }

    [Fact]
    public async Task A_PGP_MIME_signature_with_an_Autocrypt_key_is_valid_on_first_use_and_the_key_is_harvested()
    {
        var gpg = Gpg.Create(Path.Combine(Keys.Directory, "dave"));
        try
        {
            const string dave = "dave@newpartner.example";
            await gpg.GenerateAsync($"Dave <{dave}>", PgpAlgorithm.Curve25519);
            var publicKey = OpenPgpKey.Parse(await gpg.ExportPublicAsync(dave)).Single();
            var subject = $"pgp-autocrypt-{Guid.NewGuid():N}";
            var inner = new TextPart("plain") { Text = $"hello {subject}\r\n" };
            inner.Prepare(EncodingConstraint.SevenBit, 78);
            var canonical = GpgInteropTests.Canonical(inner);
            var detached = await gpg.RunOkAsync(canonical, "--armor", "--detach-sign", "--digest-algo", "SHA256", "--local-user", dave);
            var multipart = new MultipartSigned();
            multipart.ContentType.Parameters["protocol"] = "application/pgp-signature";
            multipart.ContentType.Parameters["micalg"] = "pgp-sha256";
            multipart.Add(MimeEntity.Load(new MemoryStream(canonical)));
            multipart.Add(new ApplicationPgpSignature(new MemoryStream(detached)));
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(dave));
            message.To.Add(MailboxAddress.Parse("clerk@lds.example"));
            message.Subject = subject;
            message.Headers.Add("Autocrypt", $"addr={dave}; keydata={Convert.ToBase64String(publicKey.ToBinary())}");
            message.Body = multipart;

            var queueId = await ReceiveAsync(dave, "clerk@lds.example", Encoding.Latin1.GetString(TestMessages.ToBytes(message)));
            await fixture.Gateway.WaitCompletedAsync(queueId);
            var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
            var received = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
            Assert.Equal($"valid; signer=Dave <{dave}> ({publicKey.Fingerprint}); openpgp; key first seen in this message (Autocrypt)", received.Headers["X-SMGW-Signature"]);

            var stored = await Eventually.WaitAsync(async () =>
            {
                var list = await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>($"/api/openpgp-keys/{dave}");
                return list.GetArrayLength() == 1 ? list[0] : (JsonElement?)null;
            }, TimeSpan.FromSeconds(10), "the harvested key");
            Assert.Equal("harvested", stored.GetProperty("source").GetString());
            Assert.Equal(publicKey.Fingerprint, stored.GetProperty("thumbprint").GetString());

            using var response = await fixture.Gateway.Http.PostAsJsonAsync("/api/policy/dry-run", new
            {
                direction = "Outbound", tenantId = "lds", sender = "clerk@lds.example", recipients = new[] { dave },
            });
            var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
            Assert.True(text.Contains($"recipient <{dave}>: sign-pgp-domain+encrypt-pgp-personal", StringComparison.Ordinal), text);
        }
        finally
        {
            await gpg.StopAgentAsync();
        }
    }

    [Fact]
    public async Task OpenPGP_keys_are_shown_without_secret_material_and_bad_input_names_the_field()
    {
        var body = await fixture.Gateway.Http.GetStringAsync("/api/openpgp-keys/lds.example");
        var entry = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal("OpenPgpSecret", entry.GetProperty("kind").GetString());
        Assert.True(entry.GetProperty("hasPrivateKey").GetBoolean());
        Assert.Equal(Keys.GatewayKeys[PgpAlgorithm.Rsa].Fingerprint, entry.GetProperty("thumbprint").GetString());
        Assert.Equal("usable", entry.GetProperty("validity").GetString());
        Assert.DoesNotContain("PRIVATE KEY", body);
        Assert.DoesNotContain("protectedPrivateKey", body, StringComparison.OrdinalIgnoreCase);
        var log = fixture.Gateway.Output;
        Assert.DoesNotContain("PRIVATE KEY", log);

        using var garbage = await fixture.Gateway.Http.PutAsJsonAsync("/api/openpgp-keys/x@partner.example", new { publicKey = "not a key" });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("publicKey", await garbage.Content.ReadAsStringAsync());

        using var secretAsPublic = await fixture.Gateway.Http.PutAsJsonAsync("/api/openpgp-keys/x@partner.example", new { publicKey = Keys.GatewaySecretArmored[PgpAlgorithm.Rsa] });
        Assert.Equal(HttpStatusCode.BadRequest, secretAsPublic.StatusCode);

        using var foreign = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/lds/openpgp-keys/partner.example", new { secretKey = Keys.GatewaySecretArmored[PgpAlgorithm.Rsa] });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("owner", await foreign.Content.ReadAsStringAsync());

        using var wrongOwner = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/lds/openpgp-keys/lds25519.example", new { secretKey = Keys.GatewaySecretArmored[PgpAlgorithm.Rsa] });
        Assert.Equal(HttpStatusCode.BadRequest, wrongOwner.StatusCode);
        Assert.Contains("UserIdMismatch", await wrongOwner.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_recipient_without_a_stored_key_is_looked_up_by_WKD_and_the_key_is_used_and_stored_with_source_wkd()
    {
        var gpg = Gpg.Create(Path.Combine(Keys.Directory, "erin"));
        try
        {
            const string erin = "erin@partner.example";
            await gpg.GenerateAsync($"Erin <{erin}>", PgpAlgorithm.Rsa);
            var key = OpenPgpKey.Parse(await gpg.ExportPublicAsync(erin)).Single();
            fixture.Wkd.Content[$"/.well-known/openpgpkey/partner.example/hu/{Grains.Wkd.WkdHash.Of("erin")}"] = key.ToBinary();
            var subject = $"pgp-wkd-{Guid.NewGuid():N}";
            var text = $"Found by WKD {subject}";
            var queueId = await SubmitAsync("clerk@lds.example", erin, subject, text);

            var status = await fixture.Gateway.WaitCompletedAsync(queueId);
            Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
            Assert.Contains($"personal OpenPGP key of {erin} usable ({key.Fingerprint} (Erin <{erin}>; wkd))", Trace(status));
            Assert.Contains(fixture.Wkd.Requests, r => r.StartsWith("openpgpkey.partner.example GET /.well-known/openpgpkey/partner.example/hu/", StringComparison.Ordinal));

            var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
            var encrypted = Assert.IsType<MultipartEncrypted>(MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message))).Body);
            using var ciphertext = new MemoryStream();
            ((MimePart)encrypted[1]).Content!.DecodeTo(ciphertext);
            // Erin's gpg does not know the gateway's signing key (exit 2, "No public key"), but decrypts.
            var (_, plain, gpgStatus) = await gpg.RunAsync(ciphertext.ToArray(), "--status-fd", "2", "--decrypt");
            Assert.Contains("[GNUPG:] DECRYPTION_OKAY", gpgStatus);
            Assert.Contains(text, Encoding.UTF8.GetString(plain));

            var stored = (await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>($"/api/openpgp-keys/{erin}"))[0];
            Assert.Equal("wkd", stored.GetProperty("source").GetString());
            Assert.Equal("web key directory", stored.GetProperty("importedBy").GetString());
        }
        finally
        {
            await gpg.StopAgentAsync();
        }
    }

    [Fact]
    public async Task The_gateway_publishes_its_own_domain_keys_by_WKD_and_nothing_else()
    {
        var hash = Grains.Wkd.WkdHash.Of("postmaster");
        using var anonymous = new HttpClient { BaseAddress = fixture.Gateway.Http.BaseAddress };

        var advanced = await anonymous.GetAsync($"/.well-known/openpgpkey/lds.example/hu/{hash}?l=postmaster");
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.Equal("application/octet-stream", advanced.Content.Headers.ContentType?.MediaType);
        var published = OpenPgpKey.Parse(await advanced.Content.ReadAsByteArrayAsync()).Single();
        Assert.Equal(Keys.GatewayKeys[PgpAlgorithm.Rsa].Fingerprint, published.Fingerprint);
        Assert.DoesNotContain("PRIVATE", Encoding.Latin1.GetString(await advanced.Content.ReadAsByteArrayAsync()));

        using var direct = new HttpRequestMessage(HttpMethod.Get, $"/.well-known/openpgpkey/hu/{hash}?l=postmaster");
        direct.Headers.Host = "lds25519.example";
        var directResponse = await anonymous.SendAsync(direct);
        Assert.Equal(HttpStatusCode.OK, directResponse.StatusCode);
        Assert.Equal(Keys.GatewayKeys[PgpAlgorithm.Curve25519].Fingerprint, OpenPgpKey.Parse(await directResponse.Content.ReadAsByteArrayAsync()).Single().Fingerprint);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/.well-known/openpgpkey/lds.example/policy")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/.well-known/openpgpkey/lds.example/hu/{Grains.Wkd.WkdHash.Of("clerk")}")).StatusCode);
        // A correspondent's key stored on the gateway is not the gateway's to publish.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/.well-known/openpgpkey/partner.example/hu/{Grains.Wkd.WkdHash.Of("bob")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/.well-known/openpgpkey/partner.example/policy")).StatusCode);

        // gpg finds the published key over the gateway's HTTP (what a WKD client fetches, minus TLS).
        var file = Path.Combine(Keys.Directory, $"wkd-{Guid.NewGuid():N}.pgp");
        await File.WriteAllBytesAsync(file, await (await anonymous.GetAsync($"/.well-known/openpgpkey/lds.example/hu/{hash}")).Content.ReadAsByteArrayAsync());
        var shown = Encoding.UTF8.GetString(await Keys.Partner.RunOkAsync(null, "--with-colons", "--show-keys", file));
        Assert.Contains(Keys.GatewayKeys[PgpAlgorithm.Rsa].Fingerprint, shown);
    }

    [Fact]
    public async Task The_publication_check_CL_18_finds_each_domain_key_in_the_web_key_directory()
    {
        using var response = await fixture.Gateway.Http.PostAsync("/api/tenants/lds/checks/CL-18", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var findings = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToList();

        var hash = Grains.Wkd.WkdHash.Of("postmaster");
        var rsa = Assert.Single(findings, f => f.StartsWith("lds.example: OpenPGP domain key ", StringComparison.Ordinal));
        Assert.Equal($"lds.example: OpenPGP domain key {Keys.GatewayKeys[PgpAlgorithm.Rsa].Fingerprint} published in the Web Key Directory at "
            + $"{fixture.Gateway.Http.BaseAddress}.well-known/openpgpkey/lds.example/hu/{hash}?l=postmaster (postmaster@lds.example)", rsa);
        Assert.Contains(findings, f => f.StartsWith($"lds25519.example: OpenPGP domain key {Keys.GatewayKeys[PgpAlgorithm.Curve25519].Fingerprint} published", StringComparison.Ordinal));
        // This tenant has no organisation certificate: that half of CL-18 fails and says so.
        Assert.Contains(findings, f => f.Contains("organisation certificate no organisation certificate uploaded", StringComparison.Ordinal));
    }
}
