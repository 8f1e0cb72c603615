using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>One gateway with a bootstrap key, tenants alpha and beta, and an admin key for each.</summary>
public sealed class TenantDataFixture : IAsyncLifetime
{
    private readonly string _bootstrap = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    public GatewayProcess Gateway { get; private set; } = null!;
    public HttpClient Owner { get; private set; } = null!;
    public HttpClient Alpha { get; private set; } = null!;
    public HttpClient Beta { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Http__ApiKey"] = _bootstrap,
            ["Smgw__Documents__MaxSize"] = "65536",
        });
        await Gateway.StartAsync();
        Owner = Gateway.Client(_bootstrap);
        foreach (var tenant in new[] { "alpha", "beta" })
        {
            Ok(await Owner.PutAsJsonAsync($"/api/tenants/{tenant}", new { domains = new[] { $"{tenant}.example" }, internalServer = "127.0.0.1:9" }));
        }
        Alpha = Gateway.Client(await IssueAsync("Anna Alpha", "TenantAdmin", "alpha"));
        Beta = Gateway.Client(await IssueAsync("Bernd Beta", "TenantAdmin", "beta"));
    }

    public async Task<string> IssueAsync(string name, string role, string? tenant)
    {
        using var response = await Owner.PostAsJsonAsync("/api/keys", new { name, role, tenantId = tenant });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Owner, Alpha, Beta })
        {
            client?.Dispose();
        }
        await Gateway.DisposeAsync();
    }
}
