using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Messenger;

/// <summary>
/// An all-in-one gateway hosting the Messenger on a free loopback port: tenant lds (lds.example)
/// whose policy makes encryption mandatory and sends recipients without a key to the Messenger;
/// outbound mail (notifications, codes) goes to a smarthost smtp-sink, inbound mail (replies) to
/// lds's smtp-sink. Browsers are Debian's headless Chromium driven by chromedriver.
/// </summary>
public sealed partial class MessengerFixture : IAsyncLifetime
{
    public const string TenantText = "Die Landesdirektion hat Ihnen eine vertrauliche Nachricht geschickt";

    public SmtpSink Lds { get; private set; } = null!;
    public SmtpSink Smarthost { get; private set; } = null!;
    public GatewayProcess Gateway { get; private set; } = null!;
    public int MessengerPort { get; } = TestEnvironment.FreePort();
    public string BaseUrl => $"http://127.0.0.1:{MessengerPort}";

    public async Task InitializeAsync()
    {
        Lds = await SmtpSink.StartAsync();
        Smarthost = await SmtpSink.StartAsync();
        Gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Delivery__Smarthost"] = Smarthost.Endpoint,
            ["Smgw__Messenger__Enabled"] = "true",
            ["Smgw__Messenger__Listen"] = $"127.0.0.1:{MessengerPort}",
            ["Smgw__Messenger__PublicUrl"] = BaseUrl,
            ["Smgw__Messenger__LockoutThreshold"] = "5",
            ["Smgw__Messenger__AttemptsPerMinute"] = "100",
        });
        await Gateway.StartAsync();
        await Gateway.PutTenantAsync("lds", new
        {
            name = "Landesdirektion",
            domains = new[] { "lds.example" },
            relayAddresses = new[] { "127.0.0.1" },
            internalServer = Lds.Endpoint,
        });
        await PutAsync("/api/policy/catalog", new
        {
            standardPolicy = "standard",
            policies = new object[]
            {
                new { name = "standard", version = 1, outbound = new { sign = "None", encryption = "IfPossible" } },
                new
                {
                    name = "lds-messenger",
                    version = 1,
                    description = "encryption mandatory; without a key through the Messenger",
                    outbound = new { sign = "None", encryption = "Mandatory", methods = new[] { "PersonalSmime", "DomainSmime" }, onMissingKey = "Messenger" },
                },
            },
        });
        await PutAsync("/api/tenants/lds/policy", new { tenantPolicy = "lds-messenger" });
        await PutAsync("/api/tenants/lds/messenger", new
        {
            allowPasswordDeposit = true,
            verification = "CodeByMail",
            retentionDays = 30,
            texts = new[]
            {
                new { domain = "lds.example", language = "de", subject = "Vertrauliche Nachricht der Landesdirektion", body = TenantText + ":\n{link}\nGültig bis {expires}." },
            },
        });
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                using var client = new HttpClient();
                using var response = await client.GetAsync(BaseUrl + "/login");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the Messenger to answer");
    }

    public async Task PutAsync(string path, object body)
    {
        using var response = await Gateway.Http.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A fresh headless Chromium (its own profile: no cookies shared between tests).</summary>
    public static ChromeDriver Browser(string language = "en-US")
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1000,1200",
            $"--lang={language}", $"--user-data-dir={TestEnvironment.TempDirectory("chromium")}");
        options.AddUserProfilePreference("intl.accept_languages", language);
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return driver;
    }

    /// <summary>Submits a message from a tenant user through the submission listener; returns its queue id.</summary>
    public async Task<string> SubmitAsync(MimeMessage message)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(Gateway.SubmissionPort);
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("220", await smtp.StartTlsAsync());
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{message.From.Mailboxes.First().Address}>"));
        foreach (var to in message.To.Mailboxes)
        {
            Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to.Address}>"));
        }
        message.Prepare(EncodingConstraint.SevenBit);
        using var buffer = new MemoryStream();
        await message.WriteToAsync(buffer);
        var reply = await smtp.SendDataAsync(Encoding.ASCII.GetString(buffer.ToArray()).Replace("\r\n", "\n"));
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    /// <summary>A plain message from clerk@lds.example to <paramref name="to"/>.</summary>
    public async Task<string> SendAsync(string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("clerk@lds.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@lds.example";
        message.Body = new TextPart("plain") { Text = text };
        return await SubmitAsync(message);
    }

    /// <summary>The notification the smarthost received for <paramref name="recipient"/>: the parsed mail and the link in it.</summary>
    public async Task<(MimeMessage Mail, string Link)> NotificationAsync(string recipient)
    {
        var sink = await Eventually.WaitAsync(
            () => Task.FromResult(Smarthost.Messages().FirstOrDefault(m => m.RcptTo.Contains(recipient) && m.Message.Contains("/m/"))),
            TimeSpan.FromSeconds(60), $"the notification to {recipient}");
        var mail = Parse(sink);
        var link = LinkPattern().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith(BaseUrl + "/m/", link);
        return (mail, link);
    }

    /// <summary>The code mails to <paramref name="to"/> so far (the sink's files come in no particular order).</summary>
    public HashSet<string> CodeMails(string to) =>
        Smarthost.Messages().Where(m => m.RcptTo.Contains(to) && m.Message.Contains("Messenger code")).Select(m => m.Message).ToHashSet();

    /// <summary>The one-time code in a code mail to <paramref name="to"/> that is not one of <paramref name="known"/>.</summary>
    public async Task<string> CodeAsync(string to, HashSet<string> known)
    {
        var sink = await Eventually.WaitAsync(
            () => Task.FromResult(Smarthost.Messages().FirstOrDefault(m => m.RcptTo.Contains(to) && m.Message.Contains("Messenger code") && !known.Contains(m.Message))),
            TimeSpan.FromSeconds(60), $"the code mail to {to}");
        return CodePattern().Match(Parse(sink).TextBody ?? "").Groups[1].Value;
    }

    /// <summary>Opens the link, has a code mailed, registers with <paramref name="password"/>; ends on the reading view.</summary>
    public async Task RegisterAsync(IWebDriver browser, string link, string recipient, string password)
    {
        browser.Navigate().GoToUrl(link);
        var known = CodeMails(recipient);
        browser.FindElement(By.Id("send-code")).Click();
        await ElementAsync(browser, By.Id("code"));
        var code = await CodeAsync(recipient, known);
        Assert.Matches("^[0-9]{8}$", code);
        browser.FindElement(By.Id("code")).SendKeys(code);
        browser.FindElement(By.Id("new-password")).SendKeys(password);
        browser.FindElement(By.Id("confirm-password")).SendKeys(password);
        browser.FindElement(By.Id("register")).Click();
        await UrlAsync(browser, "/messages/");
    }

    /// <summary>Waits (polling) until the page shows <paramref name="by"/>, e.g. after a click that submits a form.</summary>
    public static Task<IWebElement> ElementAsync(IWebDriver browser, By by, Func<IWebElement, bool>? until = null) =>
        Eventually.WaitAsync(
            () => Task.FromResult(browser.FindElements(by).FirstOrDefault(e => until is null || until(e))),
            TimeSpan.FromSeconds(30), $"the page to show {by}");

    /// <summary>Waits (polling) until the browser is on a URL containing <paramref name="part"/>.</summary>
    public static Task UrlAsync(IWebDriver browser, string part) =>
        Eventually.WaitAsync(() => browser.Url.Contains(part, StringComparison.Ordinal), TimeSpan.FromSeconds(30), $"the browser to reach {part}");

    /// <summary>An HTTP client that carries the browser's session cookie.</summary>
    public HttpClient SessionClient(IWebDriver browser)
    {
        var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) };
        var cookie = browser.Manage().Cookies.GetCookieNamed("smgw-messenger") ?? throw new InvalidOperationException("the browser has no session cookie");
        client.DefaultRequestHeaders.Add("Cookie", $"smgw-messenger={cookie.Value}");
        return client;
    }

    public static MimeMessage Parse(SinkMessage sink) =>
        MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(sink.Message)));

    [GeneratedRegex(@"http://127\.0\.0\.1:[0-9]+/m/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\b([0-9]{8})\b")]
    private static partial Regex CodePattern();

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Lds.DisposeAsync();
        await Smarthost.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MessengerCollection : ICollectionFixture<MessengerFixture>
{
    public const string Name = "messenger";
}
