using System.Net;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>One client cannot hold every session of a listener (before: one address could take all 200).</summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Smtp__Inbound__MaxConnections"] = "10",
            ["Smgw__Smtp__Inbound__MaxConnectionsPerClient"] = "2",
        });
        await _gateway.StartAsync();
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_client_beyond_its_share_gets_421_while_another_client_is_served()
    {
        var one = IPAddress.Parse("127.0.0.1");
        var other = IPAddress.Parse("127.0.0.2");
        await using var first = await RawSmtpClient.ConnectAsync(_gateway.InboundPort, one);
        await using var second = await RawSmtpClient.ConnectAsync(_gateway.InboundPort, one);
        Assert.StartsWith("220 ", first.Greeting);
        Assert.StartsWith("220 ", second.Greeting);

        await using (var third = await RawSmtpClient.ConnectAsync(_gateway.InboundPort, one))
        {
            Assert.Equal("421 4.7.0 Too many connections from your address, try again later", third.Greeting);
        }
        await using (var elsewhere = await RawSmtpClient.ConnectAsync(_gateway.InboundPort, other))
        {
            Assert.StartsWith("220 ", elsewhere.Greeting);
            Assert.StartsWith("250", await elsewhere.SendAsync("EHLO other.test"));
        }

        // A session that ends gives its slot back: the client may connect again.
        Assert.StartsWith("221", await first.SendAsync("QUIT"));
        await using var again = await Eventually.WaitAsync(async () =>
        {
            var client = await RawSmtpClient.ConnectAsync(_gateway.InboundPort, one);
            if (client.Greeting.StartsWith("220 ", StringComparison.Ordinal))
            {
                return client;
            }
            await client.DisposeAsync();
            return null;
        }, TimeSpan.FromSeconds(30), "the slot of the ended session");
        Assert.StartsWith("250", await again.SendAsync("EHLO one.test"));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    public void Clients_are_counted_per_ipv4_address_and_per_ipv6_64(string address, string key)
    {
        Assert.Equal(IPAddress.Parse(key), Smgw.SmtpFrontend.Net.GuardedEndpointListenerFactory.ClientKey(IPAddress.Parse(address)));
    }
}
