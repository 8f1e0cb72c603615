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
    // Values that do not convert: the setting, the value and the form it takes; never a stack trace.
    [InlineData("Smgw__Smtp__MaxRecipients", "abc", "Smgw:Smtp:MaxRecipients: 'abc' is not a whole number")]
    [InlineData("Smgw__Delivery__RetryDelays__0", "soon", "Smgw:Delivery:RetryDelays:0: 'soon' is not a duration")]
    [InlineData("Smgw__Smtp__SpoofedHeaderFrom", "Maybe", "Smgw:Smtp:SpoofedHeaderFrom: 'Maybe' is not one of Refuse, Mark")]
    [InlineData("Smgw__Smtp__SpoofedHeaderFrom", "7", "Smgw:Smtp:SpoofedHeaderFrom: '7' is not one of Refuse, Mark")]
    [InlineData("Smgw__Storage__Provider", "Oracle", "Smgw:Storage:Provider: 'Oracle' is not one of Sqlite, PostgreSql")]
    [InlineData("Smgw__Queue__ScanInterval", "-00:00:05", "Smgw:Queue:ScanInterval must be positive")]
    [InlineData("Smgw__Messenger__Listen", "0.0.0.0:8480", "Smgw:Messenger:PublicUrl must be set")]
    [InlineData("Smgw__Messenger__Listen", "https://127.0.0.1:8480", "Smgw:Messenger:Listen 'https://127.0.0.1:8480' says https, but no certificate is set")]
    [InlineData("Smgw__Messenger__Listen", "messenger.example:8480", "a listener binds an IP address")]
    public async Task A_wrong_setting_stops_the_gateway_with_one_line_naming_it(string variable, string value, string named)
    {
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { [variable] = value });
        gateway.Launch();
        var exit = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(78, exit); // EX_CONFIG, not SIGABRT (134)
        var line = Assert.Single(gateway.Output.Split('\n'), l => l.StartsWith("smgw: configuration error: ", StringComparison.Ordinal));
        Assert.Contains(named, line);
        Assert.DoesNotContain("   at ", gateway.Output);
        Assert.DoesNotContain("Unhandled exception", gateway.Output);
        Assert.DoesNotContain("listening on", gateway.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_list_element_that_does_not_parse_is_an_error_not_the_default_schedule()
    {
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Delivery__RetryDelays__0"] = "00:01:00",
            ["Smgw__Delivery__RetryDelays__1"] = "in an hour",
        });
        gateway.Launch();

        Assert.Equal(78, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("smgw: configuration error: Smgw:Delivery:RetryDelays:1: 'in an hour' is not a duration [d.]hh:mm:ss such as 00:05:00", gateway.Output);
    }

    [Fact]
    public async Task An_unreadable_tls_certificate_is_found_before_any_listener_starts()
    {
        await using var gateway = new GatewayProcess();
        var certificate = Path.Combine(gateway.DataDirectory, "broken.pem");
        await File.WriteAllTextAsync(certificate, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        gateway.Configure("Smgw__Smtp__Tls__CertificatePath", certificate);
        gateway.Launch();

        Assert.Equal(78, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"smgw: configuration error: Smgw:Smtp:Tls:CertificatePath '{certificate}' could not be loaded", gateway.Output);
        Assert.DoesNotContain("listening on", gateway.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", gateway.Output);
    }

    [Theory]
    [InlineData("smtp")]
    [InlineData("http")]
    public async Task A_port_that_is_taken_stops_the_gateway_naming_it(string which)
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (variable, value, named) = which == "smtp"
            ? ("Smgw__Smtp__Inbound__Listen", $"127.0.0.1:{port}", $"Smgw:Smtp:Inbound:Listen 127.0.0.1:{port} cannot be bound")
            : ("Smgw__Http__Listen", $"http://127.0.0.1:{port}", $"http://127.0.0.1:{port}: address already in use");
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { [variable] = value });
        gateway.Launch();

        // Before: the SMTP listener's failure surfaced only at shutdown, the gateway ran without it.
        Assert.Equal(78, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(gateway.Output.Split('\n'), l => l.StartsWith("smgw: configuration error: ", StringComparison.Ordinal));
        Assert.Contains(named, line);
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
