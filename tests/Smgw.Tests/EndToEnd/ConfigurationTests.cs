using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>A wrong setting stops the process at start with a message that names it.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Smgw__Smtp__Inbound__Listen", "not-an-endpoint", "Smgw:Smtp:Inbound:Listen")]
    [InlineData("Smgw__Storage__Provider", "PostgreSql", "Smgw:Storage:ConnectionString")]
    [InlineData("Smgw__Delivery__Smarthost", "bad host:x", "Smgw:Delivery:Smarthost")]
    [InlineData("Smgw__Http__Listen", "ftp://x", "Smgw:Http:Listen")]
    [InlineData("Smgw__Storage__ConnectionString", "Data Source=/tmp/x.db", "Pooling=False")]
    public async Task A_wrong_setting_stops_the_gateway_naming_the_setting(string variable, string value, string named)
    {
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { [variable] = value });
        gateway.Launch();
        var exit = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exit);
        Assert.Contains(named, gateway.Output);
    }
}
