using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smgw.Grains.Delivery;
using Smgw.Interfaces.Net;
using Smgw.Interfaces.Settings;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>Every value is checked against the type it sets before the binder sees it (the binder skips list elements silently).</summary>
public sealed class SettingsShapeTests
{
    private sealed class Sample
    {
        public int Count { get; set; }
        public TimeSpan[] Delays { get; set; } = [];
        public List<Inner> Items { get; set; } = [];
        public Dictionary<string, int> Limits { get; set; } = [];
        public Inner Nested { get; set; } = new();
        public DayOfWeek Day { get; set; }
        public int? Optional { get; set; }
        public string Name { get; set; } = "";
    }

    private sealed class Inner
    {
        public bool Enabled { get; set; }
        public double Share { get; set; }
    }

    private static IReadOnlyList<string> Check(Dictionary<string, string?> values) =>
        SettingsShape.Check(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("S"), typeof(Sample));

    [Fact]
    public void Values_of_the_right_form_pass()
    {
        Assert.Empty(Check(new()
        {
            ["S:Count"] = "3", ["S:Delays:0"] = "00:00:01", ["S:Delays:1"] = "1.00:00:00", ["S:Items:0:Enabled"] = "TRUE",
            ["S:Items:0:Share"] = "0.5", ["S:Limits:a"] = "7", ["S:Nested:Enabled"] = "false", ["S:Day"] = "monday",
            ["S:Optional"] = "", ["S:Name"] = "anything at all", ["S:Unknown"] = "ignored",
        }));
    }

    [Theory]
    [InlineData("S:Count", "3.5", "S:Count: '3.5' is not a whole number")]
    [InlineData("S:Count", "99999999999", "S:Count: '99999999999' is not a whole number")]
    [InlineData("S:Delays:1", "soon", "S:Delays:1: 'soon' is not a duration")]
    [InlineData("S:Delays:x", "00:00:01", "S:Delays:x: a list element is numbered from 0")]
    [InlineData("S:Delays", "00:00:01", "S:Delays: '00:00:01' is a single value; a list is set element by element")]
    [InlineData("S:Items:0:Share", "half", "S:Items:0:Share: 'half' is not a number")]
    [InlineData("S:Limits:a", "many", "S:Limits:a: 'many' is not a whole number")]
    [InlineData("S:Nested:Enabled", "yes", "S:Nested:Enabled: 'yes' is not true or false")]
    [InlineData("S:Nested", "on", "S:Nested: 'on' is a single value; this setting is a section")]
    [InlineData("S:Day", "3", "S:Day: '3' is not one of Sunday, Monday")]
    [InlineData("S:Day", "Funday", "S:Day: 'Funday' is not one of")]
    [InlineData("S:Optional", "none", "S:Optional: 'none' is not a whole number")]
    [InlineData("S:Count:0", "1", "S:Count: expected a whole number, not a list or section")]
    public void A_value_that_does_not_convert_is_named_with_the_expected_form(string key, string value, string problem)
    {
        var problems = Check(new() { [key] = value });
        Assert.StartsWith(problem, Assert.Single(problems));
    }

    [Fact]
    public void Binding_stops_at_a_list_element_the_binder_would_skip()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smgw:Delivery:RetryDelays:0"] = "00:00:01",
            ["Smgw:Delivery:RetryDelays:1"] = "soon",
        }).Build());
        services.AddOptions<DeliveryOptions>().BindSettings(DeliveryOptions.Section);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<SettingsException>(() => provider.GetRequiredService<IOptions<DeliveryOptions>>().Value);
        Assert.Equal(["Smgw:Delivery:RetryDelays:1: 'soon' is not a duration [d.]hh:mm:ss such as 00:05:00"], failure.Problems);

        // What the plain binder does with the same settings: the element is dropped without a word.
        var plain = new DeliveryOptions();
        provider.GetRequiredService<IConfiguration>().GetSection(DeliveryOptions.Section).Bind(plain);
        Assert.Equal([TimeSpan.FromSeconds(1)], plain.RetryDelays);
    }

    [Theory]
    [InlineData("127.0.0.1:8480", false, "http://127.0.0.1:8480")]
    [InlineData("http://127.0.0.1:9000", false, "http://127.0.0.1:9000")]
    [InlineData("http://127.0.0.1:9000/", false, "http://127.0.0.1:9000")]
    [InlineData("https://127.0.0.1:9443", true, "https://127.0.0.1:9443")]
    [InlineData("127.0.0.1:9443", true, "https://127.0.0.1:9443")]
    [InlineData("[::1]:8480", false, "http://[::1]:8480")]
    [InlineData("localhost:8480", false, "http://127.0.0.1:8480")]
    [InlineData("http://127.0.0.1", false, "http://127.0.0.1:80")]
    public void A_web_listener_is_host_port_or_a_url_and_gives_the_link_base(string listen, bool certificate, string url)
    {
        Assert.True(WebListen.TryParse(listen, 8480, certificate, out var parsed, out var error), error);
        Assert.Equal(url, parsed.Value.Url);
        Assert.Equal(url, WebListen.PublicBase(null, listen, 8480, certificate));
        Assert.Equal("https://messenger.example.org", WebListen.PublicBase("https://messenger.example.org/", listen, 8480, certificate));
    }

    [Theory]
    [InlineData("https://127.0.0.1:9443", false, "says https, but no certificate is set")]
    [InlineData("http://127.0.0.1:9443", true, "says http, but a certificate is set")]
    [InlineData("http://127.0.0.1:9443/messenger", false, "is not host:port or a URL")]
    [InlineData("ftp://127.0.0.1:21", false, "is not host:port or a URL")]
    [InlineData("messenger.example:8480", false, "a listener binds an IP address")]
    [InlineData("127.0.0.1:0", false, "is not host:port or a URL")]
    [InlineData("", false, "is not host:port or a URL")]
    public void A_web_listener_that_cannot_be_bound_as_written_is_refused(string listen, bool certificate, string problem)
    {
        Assert.False(WebListen.TryParse(listen, 8480, certificate, out _, out var error));
        Assert.Contains(problem, error);
    }

    [Fact]
    public void A_listener_on_every_address_gives_no_link_base()
    {
        Assert.True(WebListen.TryParse("0.0.0.0:8480", 8480, false, out var parsed, out _));
        Assert.True(parsed.Value.AllAddresses);
        Assert.Null(WebListen.PublicBase(null, "0.0.0.0:8480", 8480, false));
        Assert.Null(WebListen.PublicBase("", "[::]:8480", 8480, false));
    }
}
