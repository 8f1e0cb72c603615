using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using OpenQA.Selenium;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.Messenger;

/// <summary>
/// Issue F1, section 5: offboarding a tenant forgets its Messenger — every message, every account
/// that held only its messages, and the reply path — while another tenant's Messenger message to
/// the same kind of recipient stays.
/// </summary>
[Collection(MessengerCollection.Name)]
public sealed class MessengerOffboardingTests(MessengerFixture fixture)
{
    private const string Password = "Offboarding-Passwort-2026";

    /// <summary>A message from clerk@leaving.example, relayed from 127.0.0.3 (the leaving tenant's relay).</summary>
    private async Task<string> SubmitFromLeavingAsync(string to, string subject)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort, IPAddress.Parse("127.0.0.3"));
        await smtp.SendAsync("EHLO mail.leaving.example");
        Assert.StartsWith("220", await smtp.StartTlsAsync());
        await smtp.SendAsync("EHLO mail.leaving.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<clerk@leaving.example>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var reply = await smtp.SendDataAsync($"From: clerk@leaving.example\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject}@leaving.example>\n\nBescheid der scheidenden Behoerde\n");
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    [Fact]
    public async Task Offboarding_deletes_the_tenants_Messenger_messages_and_accounts_and_closes_the_reply_path()
    {
        await fixture.Gateway.PutTenantAsync("leaving", new { domains = new[] { "leaving.example" }, relayAddresses = new[] { "127.0.0.3" }, internalServer = fixture.Lds.Endpoint });
        await fixture.PutAsync("/api/tenants/leaving/policy", new { tenantPolicy = "lds-messenger" });
        await fixture.PutAsync("/api/tenants/leaving/messenger", new
        {
            verification = "CodeByMail",
            retentionDays = 30,
            texts = new[] { new { domain = "leaving.example", language = "en", subject = "A message from the leaving office", body = "Read it here:\n{link}" } },
        });
        var citizen = $"citizen-{Guid.NewGuid():N}@remote.example";
        var both = $"both-{Guid.NewGuid():N}@remote.example";
        await fixture.Gateway.WaitCompletedAsync(await SubmitFromLeavingAsync(citizen, $"leaving-{Guid.NewGuid():N}"));
        await fixture.Gateway.WaitCompletedAsync(await SubmitFromLeavingAsync(both, $"leaving-{Guid.NewGuid():N}"));
        await fixture.Gateway.WaitCompletedAsync(await fixture.SendAsync(both, $"staying-{Guid.NewGuid():N}", "from the staying tenant"));
        var (_, citizenLink) = await fixture.NotificationAsync(citizen);
        var bothLinks = await Eventually.WaitAsync(() =>
        {
            var links = fixture.Smarthost.Messages().Where(m => m.RcptTo.Contains(both) && m.Message.Contains("/m/")).ToList();
            return Task.FromResult(links.Count == 2 ? links : null);
        }, TimeSpan.FromSeconds(60), "both notifications");
        var stayingLink = System.Text.RegularExpressions.Regex.Match(MessengerFixture.Parse(bothLinks.Single(m => !m.Message.Contains("leaving office"))).TextBody!, @"http://\S+/m/\S+").Value;

        // The citizen registers and is reading the message, ready to answer.
        using var browser = MessengerFixture.Browser();
        await fixture.RegisterAsync(browser, citizenLink, citizen, Password);

        Ok(await fixture.Gateway.Http.PostAsJsonAsync("/api/tenants/leaving/onboarding/register", new { }));
        using var offboarded = await fixture.Gateway.Http.PostAsJsonAsync("/api/tenants/leaving/onboarding/offboard", new { comment = "merged into lds" });
        Ok(offboarded);
        var audit = (await offboarded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("audit").EnumerateArray().Last().GetProperty("comment").GetString();
        Assert.EndsWith("2 Messenger message(s) and 1 Messenger account(s)", audit);
        var export = JsonDocument.Parse(await fixture.Gateway.Http.GetStringAsync("/api/tenants/leaving/export")).RootElement.GetProperty("messenger");
        Assert.Equal([both, citizen], export.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()).Order());

        // The reply the citizen sends now goes nowhere: the message is gone.
        browser.FindElement(By.Id("reply-text")).SendKeys("Widerspruch!");
        browser.FindElement(By.Id("reply-send")).Click();
        await MessengerFixture.ElementAsync(browser, By.Id("not-found"));
        var queue = await fixture.Gateway.Http.GetStringAsync("/api/queue?all=true&limit=1000");
        Assert.DoesNotContain(citizen, queue);

        // The link opens nothing, and the account is gone: its password no longer logs in.
        using (var anonymous = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(citizenLink)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(stayingLink)).StatusCode); // the other tenant's message stays
        }
        browser.Manage().Cookies.DeleteAllCookies();
        browser.Navigate().GoToUrl(fixture.BaseUrl + "/login");
        browser.FindElement(By.Id("address")).SendKeys(citizen);
        browser.FindElement(By.Id("password")).SendKeys(Password);
        browser.FindElement(By.Id("login")).Click();
        await MessengerFixture.ElementAsync(browser, By.Id("error"));
        Assert.DoesNotContain("/inbox", browser.Url);
    }
}
