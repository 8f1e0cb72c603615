using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using OpenQA.Selenium;
using Smgw.Interfaces.Messenger;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Messenger;

/// <summary>
/// The Messenger end to end in a real browser (headless Chromium): mail to a recipient without a
/// key goes through the real gateway, the recipient follows the notification link, proves the
/// address with the mailed code, reads, downloads, replies; the sender's server gets the reply.
/// </summary>
[Collection(MessengerCollection.Name)]
public sealed class MessengerBrowserTests(MessengerFixture fixture)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_recipient_without_a_key_registers_reads_the_message_downloads_the_attachment_and_replies()
    {
        var recipient = $"reader-{Guid.NewGuid():N}@remote.example";
        var subject = $"Bescheid {Guid.NewGuid():N}";
        var text = "Sehr geehrte Frau Leser, anbei der Bescheid zu Ihrem Antrag.";
        var attachment = RandomNumberGenerator.GetBytes(3000);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("clerk@lds.example"));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@lds.example";
        var body = new BodyBuilder
        {
            TextBody = text,
            HtmlBody = $"<p><b>{text}</b></p><img src=\"https://tracker.example/pixel.png\" alt=\"pixel\"><script>document.title='owned'</script>",
        };
        body.Attachments.Add("bescheid.pdf", attachment, new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        var queueId = await fixture.SubmitAsync(message);

        // The gateway delivers to the Messenger, and the notification carries the tenant's text and the link, not the message.
        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        Assert.Contains("delivered to the Messenger", status.GetProperty("recipients")[0].GetProperty("lastResponse").GetString());
        var (notification, link) = await fixture.NotificationAsync(recipient);
        Assert.Contains(MessengerFixture.TenantText, notification.TextBody);
        Assert.Contains("Secure message from clerk@lds.example", notification.TextBody + notification.Subject);
        Assert.DoesNotContain(subject, notification.ToString());
        Assert.DoesNotContain("Antrag", notification.TextBody);
        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains("Frau Leser"));

        using var browser = MessengerFixture.Browser();
        await fixture.RegisterAsync(browser, link, recipient, Password);

        // The reading view: the text, sanitised HTML without the script and the remote image, the attachment.
        Assert.Equal(subject, browser.FindElement(By.TagName("h1")).Text);
        Assert.Contains(text, browser.FindElement(By.CssSelector("#body.mail-html b")).Text);
        Assert.Contains("Remote content", browser.FindElement(By.Id("remote-blocked")).Text);
        Assert.DoesNotContain("tracker.example", browser.PageSource);
        Assert.DoesNotContain("<script", browser.PageSource);
        Assert.NotEqual("owned", browser.Title);
        Assert.Contains("clerk@lds.example", browser.FindElement(By.Id("from")).Text);
        var download = browser.FindElement(By.CssSelector("#attachments a"));
        Assert.Equal("bescheid.pdf", download.Text);
        SaveScreenshot(browser, "messenger-reading-view.png");
        browser.Manage().Window.Size = new System.Drawing.Size(390, 844); // a phone
        SaveScreenshot(browser, "messenger-reading-view-phone.png");
        browser.Manage().Window.Size = new System.Drawing.Size(1000, 1200);

        using (var session = fixture.SessionClient(browser))
        using (var response = await session.GetAsync(new Uri(download.GetAttribute("href")!).PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(attachment, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        }

        // The reply (with an attachment) reaches the sender's own server as inbound mail.
        var replyText = $"Vielen Dank, ich habe den Bescheid erhalten. {Guid.NewGuid():N}";
        var replyFile = Path.Combine(TestEnvironment.TempDirectory("reply"), "widerspruch.txt");
        var replyBytes = Encoding.UTF8.GetBytes("Widerspruch gegen den Bescheid\n");
        await File.WriteAllBytesAsync(replyFile, replyBytes);
        browser.FindElement(By.Id("reply-text")).SendKeys(replyText);
        browser.FindElement(By.Id("reply-files")).SendKeys(replyFile);
        browser.FindElement(By.Id("reply-send")).Click();
        await MessengerFixture.UrlAsync(browser, "sent=1");
        Assert.Equal("Your reply has been sent.", browser.FindElement(By.Id("notice")).Text);

        var delivered = await Eventually.WaitAsync(
            () => Task.FromResult(fixture.Lds.Messages().FirstOrDefault(m => m.RcptTo.Contains("clerk@lds.example") && m.MailFrom == recipient)),
            TimeSpan.FromSeconds(60), "the reply at the tenant's server");
        var reply = MessengerFixture.Parse(delivered);
        Assert.Equal("Re: " + subject, reply.Subject);
        Assert.Equal(recipient, reply.From.Mailboxes.Single().Address);
        Assert.Equal(message.MessageId, reply.InReplyTo);
        Assert.Equal("reply", reply.Headers["X-SMGW-Messenger"]); // the gateway's own header (docs/MESSENGER.md), kept by its policy stage
        Assert.Contains(replyText, reply.TextBody);
        var replied = Assert.Single(reply.Attachments.OfType<MimePart>());
        Assert.Equal("widerspruch.txt", replied.FileName);
        using (var content = new MemoryStream())
        {
            replied.Content!.DecodeTo(content);
            Assert.Equal(replyBytes, content.ToArray());
        }

        // German on request; the inbox lists the message.
        browser.FindElement(By.Id("lang-de")).Click();
        await MessengerFixture.ElementAsync(browser, By.Id("logout"), e => e.Text == "Abmelden");
        browser.Navigate().GoToUrl(fixture.BaseUrl + "/inbox");
        Assert.Equal("Posteingang", browser.FindElement(By.TagName("h1")).Text);
        Assert.Contains(subject, browser.FindElement(By.CssSelector("ul.inbox")).Text);

        var metrics = await fixture.Gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("smgw_messenger_notifications_sent_total{tenant=\"lds\"}", metrics);
        Assert.Contains("smgw_messenger_messages_read_total{tenant=\"lds\"}", metrics);
        Assert.Contains("smgw_messenger_replies_total{tenant=\"lds\"}", metrics);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_like_an_unknown_address_and_repeated_guessing_locks_the_account()
    {
        var recipient = $"guess-{Guid.NewGuid():N}@remote.example";
        await fixture.SendAsync(recipient, "Guessing", "not for guessers");
        var (_, link) = await fixture.NotificationAsync(recipient);
        using var browser = MessengerFixture.Browser();
        await fixture.RegisterAsync(browser, link, recipient, Password);
        Assert.Equal("Guessing", browser.FindElement(By.TagName("h1")).Text);
        browser.FindElement(By.Id("logout")).Click();
        await MessengerFixture.UrlAsync(browser, "/login");

        async Task<string> Login(string address, string password)
        {
            browser.Navigate().GoToUrl(fixture.BaseUrl + "/login");
            browser.FindElement(By.Id("address")).SendKeys(address);
            browser.FindElement(By.Id("password")).SendKeys(password);
            browser.FindElement(By.Id("login")).Click();
            return (await MessengerFixture.ElementAsync(browser, By.Id("error"))).Text;
        }

        var unknown = await Login($"nobody-{Guid.NewGuid():N}@remote.example", "some password 123");
        Assert.Equal("The address or the password is wrong.", unknown);
        for (var i = 1; i < 5; i++)
        {
            Assert.Equal(unknown, await Login(recipient, $"wrong password {i}"));
        }
        Assert.StartsWith("Too many failed attempts", await Login(recipient, "wrong password 5"));
        // Locked: even the right password does not get in now.
        Assert.StartsWith("Too many failed attempts", await Login(recipient, Password));
        Assert.Null(browser.Manage().Cookies.GetCookieNamed("smgw-messenger"));

        var metrics = await fixture.Gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("smgw_messenger_logins_failed_total{reason=\"password\"}", metrics);
        Assert.Contains("smgw_messenger_logins_failed_total{reason=\"locked\"}", metrics);
    }

    [Fact]
    public async Task A_session_cannot_open_another_recipients_message()
    {
        var alice = $"alice-{Guid.NewGuid():N}@remote.example";
        var bob = $"bob-{Guid.NewGuid():N}@remote.example";
        await fixture.SendAsync(alice, "Fuer Alice", "Alices Inhalt");
        await fixture.SendAsync(bob, "Fuer Bob", "Bobs geheimer Inhalt");
        var (_, aliceLink) = await fixture.NotificationAsync(alice);
        var (_, bobLink) = await fixture.NotificationAsync(bob);
        var bobId = MessengerTokens.MessageId(bobLink[(bobLink.LastIndexOf('/') + 1)..]);

        using var browser = MessengerFixture.Browser();
        await fixture.RegisterAsync(browser, aliceLink, alice, Password);
        Assert.Equal("Fuer Alice", browser.FindElement(By.TagName("h1")).Text);

        browser.Navigate().GoToUrl($"{fixture.BaseUrl}/messages/{bobId}");
        Assert.Contains("does not exist", browser.FindElement(By.Id("not-found")).Text);
        Assert.DoesNotContain("Bobs geheimer Inhalt", browser.PageSource);

        using var session = fixture.SessionClient(browser);
        foreach (var path in new[] { $"/messages/{bobId}", $"/messages/{bobId}/attachments/0" })
        {
            using var response = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        // A reply to Bob's message from Alice's session is refused as well (with a valid CSRF token of her own page).
        browser.Navigate().GoToUrl(bobLink);
        Assert.DoesNotContain("Bobs geheimer Inhalt", browser.PageSource);
        Assert.Equal("Confirm your address", browser.FindElement(By.TagName("h1")).Text);
        Assert.Empty(browser.FindElements(By.Id("reply-text")));
    }

    [Fact]
    public async Task Pages_send_a_strict_content_security_policy_and_forms_without_a_csrf_token_are_refused()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.BaseUrl) };
        using var page = await client.GetAsync("/login");
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("width=device-width", await page.Content.ReadAsStringAsync());

        using var forged = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["address"] = "someone@remote.example",
            ["password"] = "whatever password",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var unknownLink = await client.GetAsync("/m/" + new string('A', 43));
        Assert.Equal(HttpStatusCode.NotFound, unknownLink.StatusCode);
    }

    [Fact]
    public async Task Settings_are_validated_and_an_administrator_may_deposit_a_password_only_when_the_tenant_allowed_it()
    {
        using var invalid = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/lds/messenger", new
        {
            retentionDays = 30,
            texts = new[] { new { domain = "*", language = "fr", subject = "x", body = "{link}" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("language", await invalid.Content.ReadAsStringAsync());

        var recipient = $"deposit-{Guid.NewGuid():N}@remote.example";
        await fixture.SendAsync(recipient, "Deposit", "deposited");
        var (_, link) = await fixture.NotificationAsync(recipient);
        var deposited = "deposited password 42";
        using (var response = await fixture.Gateway.Http.PutAsJsonAsync($"/api/tenants/lds/messenger/accounts/{recipient}/password", new { password = deposited }))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        await Eventually.WaitAsync(() => fixture.Gateway.Output.Contains("AUDIT Messenger: password of " + recipient + " deposited", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the audit line in the gateway's log");

        using var browser = MessengerFixture.Browser();
        browser.Navigate().GoToUrl(link);
        browser.FindElement(By.Id("password")).SendKeys(deposited);
        browser.FindElement(By.Id("login")).Click();
        await MessengerFixture.UrlAsync(browser, "/messages/");
        Assert.Equal("Deposit", browser.FindElement(By.TagName("h1")).Text);

        var settings = await fixture.Gateway.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/tenants/lds/messenger");
        try
        {
            await fixture.PutAsync("/api/tenants/lds/messenger", new { allowPasswordDeposit = false, retentionDays = 30, texts = settings.GetProperty("texts") });
            using var refused = await fixture.Gateway.Http.PutAsJsonAsync($"/api/tenants/lds/messenger/accounts/{recipient}/password", new { password = "another password 1" });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("CL-13", await refused.Content.ReadAsStringAsync());
        }
        finally
        {
            await fixture.PutAsync("/api/tenants/lds/messenger", settings);
        }
    }

    [Fact]
    public async Task With_codes_from_the_sender_the_code_goes_to_the_sender_who_passes_it_on()
    {
        var settings = await fixture.Gateway.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/tenants/lds/messenger");
        try
        {
            await fixture.PutAsync("/api/tenants/lds/messenger", new { allowPasswordDeposit = true, verification = "CodeFromSender", retentionDays = 30, texts = settings.GetProperty("texts") });
            var recipient = $"phone-{Guid.NewGuid():N}@remote.example";
            await fixture.SendAsync(recipient, "Per Telefon", "Code kam vom Absender");
            var (_, link) = await fixture.NotificationAsync(recipient);

            using var browser = MessengerFixture.Browser();
            browser.Navigate().GoToUrl(link);
            Assert.Contains("the sender receives a code", browser.FindElement(By.Id("main")).Text);
            var before = fixture.CodeMails(recipient).Count;
            browser.FindElement(By.Id("send-code")).Click();
            Assert.Contains("The sender has received a code", (await MessengerFixture.ElementAsync(browser, By.Id("notice"))).Text);

            // The code goes to the sender's own server (inbound), not to the recipient.
            var mail = await Eventually.WaitAsync(
                () => Task.FromResult(fixture.Lds.Messages().FirstOrDefault(m => m.RcptTo.Contains("clerk@lds.example") && m.Message.Contains(recipient))),
                TimeSpan.FromSeconds(60), "the code mail at the sender's server");
            var code = System.Text.RegularExpressions.Regex.Match(MessengerFixture.Parse(mail).TextBody ?? "", @"\b([0-9]{8})\b").Groups[1].Value;
            Assert.Equal(before, fixture.CodeMails(recipient).Count);

            browser.FindElement(By.Id("code")).SendKeys(code);
            browser.FindElement(By.Id("new-password")).SendKeys(Password);
            browser.FindElement(By.Id("confirm-password")).SendKeys(Password);
            browser.FindElement(By.Id("register")).Click();
            await MessengerFixture.UrlAsync(browser, "/messages/");
            Assert.Equal("Per Telefon", browser.FindElement(By.TagName("h1")).Text);
            Assert.Contains("Code kam vom Absender", browser.FindElement(By.Id("body")).Text);
        }
        finally
        {
            await fixture.PutAsync("/api/tenants/lds/messenger", settings);
        }
    }

    private static void SaveScreenshot(ITakesScreenshot browser, string name)
    {
        var directory = Path.Combine(TestEnvironment.RepositoryRoot, "TestResults");
        Directory.CreateDirectory(directory);
        browser.GetScreenshot().SaveAsFile(Path.Combine(directory, name));
    }
}
