using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// One all-in-one gateway (SQLite) with real next hops: tenant "lds" delivers to an smtp-sink,
/// tenant "bounce" to an smtp-sink that refuses every RCPT with 5xx, tenant "later" to a port where
/// nothing listens yet; outbound mail goes to a smarthost smtp-sink.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public SmtpSink Lds { get; private set; } = null!;
    public SmtpSink Refusing { get; private set; } = null!;
    public SmtpSink Smarthost { get; private set; } = null!;
    public int LaterPort { get; } = TestEnvironment.FreePort();
    public GatewayProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Lds = await SmtpSink.StartAsync();
        Refusing = await SmtpSink.StartAsync(hardReject: "RCPT");
        Smarthost = await SmtpSink.StartAsync();
        Gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Delivery__Smarthost"] = Smarthost.Endpoint,
        });
        await Gateway.StartAsync();
        await Gateway.PutTenantAsync("lds", new
        {
            name = "Landesdirektion",
            domains = new[] { "lds.example", "sub.lds.example" },
            relayAddresses = new[] { "127.0.0.1" },
            internalServer = Lds.Endpoint,
        });
        await Gateway.PutTenantAsync("bounce", new { domains = new[] { "bounce.example" }, internalServer = Refusing.Endpoint });
        await Gateway.PutTenantAsync("later", new { domains = new[] { "later.example" }, internalServer = $"127.0.0.1:{LaterPort}" });
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Lds.DisposeAsync();
        await Refusing.DisposeAsync();
        await Smarthost.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
