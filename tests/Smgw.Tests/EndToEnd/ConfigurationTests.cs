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
    [InlineData("Smgw__Wkd__TrustedCertificatesFile", "/nonexistent/wkd-ca.pem", "Smgw:Wkd:TrustedCertificatesFile")]
    public async Task A_wrong_setting_stops_the_gateway_naming_the_setting(string variable, string value, string named)
    {
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { [variable] = value });
        gateway.Launch();
        var exit = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exit);
        Assert.Contains(named, gateway.Output);
    }

    [Fact]
    public async Task The_schema_command_applies_the_scripts_and_exits()
    {
        await using var gateway = new GatewayProcess();
        gateway.Launch("schema", "apply");
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("schema applied (Sqlite)", gateway.Output);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(gateway.DataDirectory, "smgw.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('smgw_messages', 'orleansquery', 'OrleansQuery')";
        Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task The_schema_command_names_a_missing_setting()
    {
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Storage__Provider"] = "PostgreSql" });
        gateway.Launch("schema", "apply");
        Assert.Equal(1, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Smgw:Storage:ConnectionString", gateway.Output);
    }
}
