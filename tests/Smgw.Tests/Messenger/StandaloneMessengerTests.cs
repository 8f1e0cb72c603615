using System.Net;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Messenger;

/// <summary>The Messenger as its own process (an Orleans client, as in a DMZ) next to the all-in-one gateway.</summary>
[Collection(MessengerCollection.Name)]
public sealed class StandaloneMessengerTests(MessengerFixture fixture)
{
    public static string MessengerDll => Path.Combine(TestEnvironment.RepositoryRoot, "Messenger", "bin", TestEnvironment.Configuration, "net10.0", "Smgw.Messenger.dll");

    [Fact]
    public async Task The_standalone_Messenger_process_opens_links_of_messages_the_silo_stored_and_serves_metrics()
    {
        var port = TestEnvironment.FreePort();
        var metricsPort = TestEnvironment.FreePort();
        await using var messenger = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Cluster__GatewayPort"] = fixture.Gateway.Settings["Smgw__Cluster__GatewayPort"],
            ["Smgw__Messenger__Listen"] = $"127.0.0.1:{port}",
            ["Smgw__Messenger__PublicUrl"] = $"http://127.0.0.1:{port}",
            ["Smgw__Messenger__MetricsListen"] = $"127.0.0.1:{metricsPort}",
            ["Smgw__Messenger__AttemptsPerMinute"] = "3",
        }, dll: MessengerDll);
        messenger.Launch();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await Eventually.WaitAsync(async () =>
        {
            if (messenger.ExitCode is { } code)
            {
                throw new InvalidOperationException($"the Messenger exited with {code}:\n{messenger.Output}");
            }
            try
            {
                using var response = await client.GetAsync("/login");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the standalone Messenger to answer");

        var recipient = $"dmz-{Guid.NewGuid():N}@remote.example";
        await fixture.SendAsync(recipient, "Aus der DMZ", "gelesen über den eigenen Prozess");
        var (_, link) = await fixture.NotificationAsync(recipient);
        var path = new Uri(link).PathAndQuery;

        using var page = await Eventually.WaitAsync(async () =>
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }
            response.Dispose();
            return null;
        }, TimeSpan.FromSeconds(30), "the standalone Messenger to open the link");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Confirm your address", html);
        Assert.Contains(WebUtility.HtmlEncode(recipient), html);
        Assert.DoesNotContain("gelesen", html);

        // Per-address rate limit on the guessable forms (3 a minute here): the fourth login attempt is turned away.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var attempt = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["address"] = recipient, ["password"] = "guess " + i }));
            statuses.Add(attempt.StatusCode);
            if (attempt.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("Too many requests", await attempt.Content.ReadAsStringAsync());
            }
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        using var metrics = new HttpClient();
        var text = await metrics.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Contains("smgw_messenger_requests_rejected_total{reason=\"rate-limit\"}", text);
    }
}
