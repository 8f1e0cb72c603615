using Smgw.Interfaces.Net;
using Xunit;

namespace Smgw.Tests.Unit;

public class HostPortTests
{
    [Theory]
    [InlineData("mx.tenant.example", "mx.tenant.example", 25)]
    [InlineData("mx.tenant.example:2525", "mx.tenant.example", 2525)]
    [InlineData("  mx.tenant.example:587  ", "mx.tenant.example", 587)]
    [InlineData("192.0.2.10:26", "192.0.2.10", 26)]
    [InlineData("192.0.2.10", "192.0.2.10", 25)]
    [InlineData("[2001:db8::1]:2525", "2001:db8::1", 2525)]
    [InlineData("[::1]", "::1", 25)]
    [InlineData("host:1", "host", 1)]
    [InlineData("host:65535", "host", 65535)]
    public void Accepted_forms(string text, string host, int port)
    {
        Assert.True(HostPort.TryParse(text, 25, out var parsed));
        Assert.Equal(new HostPort(host, port), parsed);
    }

    [Fact]
    public void Default_port_is_the_callers()
    {
        Assert.True(HostPort.TryParse("smarthost.example", 587, out var parsed));
        Assert.Equal(587, parsed.Value.Port);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("host:")]
    [InlineData(":25")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData("host:smtp")]
    [InlineData("ho st:25")]
    [InlineData("[::1")]
    [InlineData("[::1]25")]
    [InlineData("[::1]:")]
    [InlineData("[::1]:99999")]
    [InlineData("[]:25")]
    public void Refused_forms(string? text)
    {
        Assert.False(HostPort.TryParse(text, 25, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("mx.tenant.example", 25, "mx.tenant.example:25")]
    [InlineData("192.0.2.10", 2525, "192.0.2.10:2525")]
    [InlineData("2001:db8::1", 25, "[2001:db8::1]:25")]
    public void ToString_is_what_TryParse_reads_back(string host, int port, string expected)
    {
        var value = new HostPort(host, port);

        Assert.Equal(expected, value.ToString());
        Assert.True(HostPort.TryParse(value.ToString(), 1, out var again));
        Assert.Equal(value, again);
    }

    [Fact]
    public void Parse_error_names_the_setting_and_the_value()
    {
        var ex = Assert.Throws<FormatException>(() => HostPort.Parse("host:99999", 25, "Smgw:Delivery:Smarthost"));

        Assert.Contains("Smgw:Delivery:Smarthost", ex.Message);
        Assert.Contains("'host:99999'", ex.Message);
        Assert.Equal(new HostPort("host", 2525), HostPort.Parse("host:2525", 25, "Smgw:Delivery:Smarthost"));
    }
}
