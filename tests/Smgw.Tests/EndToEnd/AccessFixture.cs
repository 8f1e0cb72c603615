using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>One gateway with a bootstrap key, tenants alpha and beta, and a key per role.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    private readonly string _bootstrap = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    public GatewayProcess Gateway { get; private set; } = null!;
    public HttpClient Owner { get; private set; } = null!;
    public HttpClient Operations { get; private set; } = null!;
    public HttpClient Alpha { get; private set; } = null!;
    public HttpClient Beta { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Http__ApiKey"] = _bootstrap });
        await Gateway.StartAsync();
        Owner = Client(_bootstrap);
        foreach (var tenant in new[] { "alpha", "beta" })
        {
            Ok(await Owner.PutAsJsonAsync($"/api/tenants/{tenant}", new { domains = new[] { $"{tenant}.example" }, internalServer = "127.0.0.1:9" }));
        }
        Operations = Client((await IssueAsync("Olga Operations", "Operations", null)).Token);
        Alpha = Client((await IssueAsync("Anna Alpha", "TenantAdmin", "alpha")).Token);
        Beta = Client((await IssueAsync("Bernd Beta", "TenantAdmin", "beta")).Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Owner, Operations, Alpha, Beta })
        {
            client?.Dispose();
        }
        await Gateway.DisposeAsync();
    }

    public HttpClient Client(string token) => Gateway.Client(token);

    public async Task<(string Id, string Token)> IssueAsync(string name, string role, string? tenant)
    {
        using var response = await Owner.PostAsJsonAsync("/api/keys", new { name, role, tenantId = tenant });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString()!;
        Assert.StartsWith("smgw_", token);
        // The response shows the token once; the key's record carries neither the secret nor its hash.
        Assert.DoesNotContain(token.Split('_', 3)[2], issued.GetProperty("key").ToString());
        Assert.DoesNotContain("hash", issued.GetProperty("key").ToString(), StringComparison.OrdinalIgnoreCase);
        return (issued.GetProperty("key").GetProperty("id").GetString()!, token);
    }

}
