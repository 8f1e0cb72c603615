using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// CL-18: the gateway publishes each tenant domain's organisation certificate (public part only) at
/// /certs/{domain}.pem and .cer without authentication, and the check fetches it from the public base
/// URL — here a reverse proxy in front of the gateway that forwards /certs/ but serves a stale copy for one domain.
/// </summary>
public sealed class PublicationCheckTests
{
    [Fact]
    public async Task The_organisation_certificate_is_published_without_authentication_and_the_check_compares_what_the_public_url_serves()
    {
        using var pki = new GatewayPki();
        var bootstrap = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var proxy = new PublicProxy();
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Http__ApiKey"] = bootstrap });
        gateway.Configure("Smgw__Checks__PublicBaseUrl", proxy.BaseUrl);
        await gateway.StartAsync();
        proxy.Start(gateway.Http.BaseAddress!, staleDomain: "stale.example", stalePem: pki.Issue("old", "old stale.example organisation", "postmaster@stale.example").CertificatePem);
        using var owner = gateway.Client(bootstrap);

        var issued = new Dictionary<string, string>();
        foreach (var id in new[] { "pub", "stale", "nopub" })
        {
            Ok(await owner.PutAsJsonAsync($"/api/tenants/{id}", new { domains = new[] { $"{id}.example" } }));
            Ok(await owner.PostAsJsonAsync($"/api/tenants/{id}/onboarding/register", new { }));
            if (id != "nopub")
            {
                var (certificate, key) = pki.Issue(id, $"{id}.example organisation", $"postmaster@{id}.example");
                issued[id] = certificate;
                Ok(await owner.PutAsJsonAsync($"/api/tenants/{id}/organisation-certificates/{id}.example", new { certificatePem = certificate, privateKeyPem = key }));
            }
        }

        // Anyone may fetch it, without a token: the public certificate only, as PEM and as DER.
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        using (var pem = await anonymous.GetAsync("/certs/pub.example.pem"))
        {
            Assert.Equal(HttpStatusCode.OK, pem.StatusCode);
            Assert.Equal("application/x-pem-file", pem.Content.Headers.ContentType!.MediaType);
            var text = await pem.Content.ReadAsStringAsync();
            Assert.Equal(X509Certificate2.CreateFromPem(issued["pub"]).RawData, X509Certificate2.CreateFromPem(text).RawData);
            Assert.DoesNotContain("PRIVATE KEY", text);
        }
        using (var der = await anonymous.GetAsync("/certs/PUB.example.cer"))
        {
            Assert.Equal(HttpStatusCode.OK, der.StatusCode);
            Assert.Equal("application/pkix-cert", der.Content.Headers.ContentType!.MediaType);
            Assert.Equal(X509Certificate2.CreateFromPem(issued["pub"]).RawData, await der.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/certs/nopub.example.pem")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/certs/nobody.example.pem")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tenants")).StatusCode); // the API still needs a token

        var pub = await CheckAsync(owner, "pub");
        Assert.True(pub.GetProperty("passed").GetBoolean(), pub.ToString());
        Assert.StartsWith($"pub.example: organisation certificate published at {proxy.BaseUrl}certs/pub.example.pem and identical to the stored one", Findings(pub).Single());

        var stale = await CheckAsync(owner, "stale");
        Assert.False(stale.GetProperty("passed").GetBoolean());
        Assert.Contains("serves another certificate (CN=old stale.example organisation", Findings(stale).Single());

        var nopub = await CheckAsync(owner, "nopub");
        Assert.False(nopub.GetProperty("passed").GetBoolean());
        Assert.Contains("no organisation certificate uploaded", Findings(nopub).Single());

        var item = (await owner.GetFromJsonAsync<JsonElement>("/api/tenants/stale/checklist")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-18");
        Assert.Equal("Failed", item.GetProperty("state").GetString());
        Assert.Contains("a cache or proxy in front of the gateway serves an old copy", item.GetProperty("note").GetString());
    }

    private static List<string> Findings(JsonElement result) =>
        result.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToList();

    private static async Task<JsonElement> CheckAsync(HttpClient client, string tenant)
    {
        using var response = await client.PostAsync($"/api/tenants/{tenant}/checks/CL-18", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A reverse proxy on loopback (HttpListener): forwards GET /certs/… to the gateway, except for one domain it serves a stale copy of.</summary>
    private sealed class PublicProxy : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly HttpClient _upstream = new();
        private readonly CancellationTokenSource _stop = new();

        public PublicProxy()
        {
            BaseUrl = $"http://127.0.0.1:{TestEnvironment.FreePort()}/";
            _listener.Prefixes.Add(BaseUrl);
        }

        public string BaseUrl { get; }

        public void Start(Uri gateway, string staleDomain, string stalePem)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    var path = context.Request.Url!.AbsolutePath;
                    byte[] body;
                    if (path == $"/certs/{staleDomain}.pem")
                    {
                        context.Response.StatusCode = 200;
                        body = Encoding.ASCII.GetBytes(stalePem);
                    }
                    else
                    {
                        using var forwarded = await _upstream.GetAsync(new Uri(gateway, path));
                        context.Response.StatusCode = (int)forwarded.StatusCode;
                        body = await forwarded.Content.ReadAsByteArrayAsync();
                    }
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
            _upstream.Dispose();
        }
    }
}
