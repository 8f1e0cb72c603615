using Smgw.Grains.Tenants;
using Smgw.Interfaces.Models;
using Xunit;

namespace Smgw.Tests.Unit;

public class TenantConfigValidatorTests
{
    private static TenantConfig Valid() => new()
    {
        Id = "acme",
        Name = "ACME Authority",
        Domains = ["acme.example"],
        RelayAddresses = ["192.0.2.10"],
        InternalServer = "mail.acme.example:25",
        RoutingMode = RoutingMode.AllUsers,
    };

    private static string Refusal(TenantConfig config) =>
        Assert.Throws<ArgumentException>(() => TenantConfigValidator.Normalize(config)).Message;

    [Fact]
    public void Valid_config_is_normalised()
    {
        var normalized = TenantConfigValidator.Normalize(Valid() with
        {
            Domains = [" ACME.Example. ", "acme.example", "Sub.Acme.Example"],
            RelayAddresses = [" 192.0.2.10 ", "192.0.2.10", "198.51.100.0/24", "2001:db8::/32", "2001:db8::25"],
            InternalServer = "  [2001:db8::25]:2525 ",
            RoutingMode = RoutingMode.ListedAddresses,
            ListedAddresses = [" Alice@ACME.example ", "alice@acme.example", "bob@sub.acme.example"],
        });

        Assert.Equal("acme", normalized.Id);
        Assert.Equal("ACME Authority", normalized.Name);
        Assert.Equal(["acme.example", "sub.acme.example"], normalized.Domains);
        Assert.Equal(["192.0.2.10", "198.51.100.0/24", "2001:db8::/32", "2001:db8::25"], normalized.RelayAddresses);
        Assert.Equal("[2001:db8::25]:2525", normalized.InternalServer);
        Assert.Equal(RoutingMode.ListedAddresses, normalized.RoutingMode);
        Assert.Equal(["alice@acme.example", "bob@sub.acme.example"], normalized.ListedAddresses);
    }

    [Fact]
    public void Empty_internal_server_and_no_relays_are_allowed()
    {
        var normalized = TenantConfigValidator.Normalize(Valid() with { InternalServer = "", RelayAddresses = [] });

        Assert.Equal("", normalized.InternalServer);
        Assert.Empty(normalized.RelayAddresses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ACME")]
    [InlineData("-acme")]
    [InlineData(".acme")]
    [InlineData("ac me")]
    [InlineData("acme/other")]
    [InlineData("äcme")]
    public void Bad_id_is_refused_naming_the_field(string id)
    {
        var message = Refusal(Valid() with { Id = id });

        Assert.StartsWith("id ", message);
        Assert.Contains($"'{id}'", message);
    }

    [Fact]
    public void Id_of_100_characters_is_the_limit()
    {
        var id100 = "a" + new string('b', 99);

        Assert.Equal(id100, TenantConfigValidator.Normalize(Valid() with { Id = id100 }).Id);
        Assert.StartsWith("id ", Refusal(Valid() with { Id = id100 + "c" }));
    }

    [Fact]
    public void Tenant_without_domains_is_refused()
    {
        Assert.StartsWith("domains:", Refusal(Valid() with { Domains = [] }));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("acme")]
    [InlineData("-acme.example")]
    [InlineData("acme-.example")]
    [InlineData("ac me.example")]
    [InlineData("acme..example")]
    [InlineData("acme_x.example")]
    [InlineData("acme.example.1")]
    [InlineData("192.0.2.10")]
    [InlineData("[192.0.2.10]")]
    [InlineData("*.acme.example")]
    [InlineData("user@acme.example")]
    public void Bad_domain_is_refused_naming_the_field_and_value(string domain)
    {
        var message = Refusal(Valid() with { Domains = ["acme.example", domain] });

        Assert.StartsWith("domains:", message);
        Assert.Contains($"'{domain.ToLowerInvariant()}'", message);
    }

    [Fact]
    public void Domain_longer_than_253_characters_is_refused()
    {
        var label = new string('a', 63);
        var tooLong = $"{label}.{label}.{label}.{label}.example";

        Assert.StartsWith("domains:", Refusal(Valid() with { Domains = [tooLong] }));
    }

    [Theory]
    [InlineData("300.1.1.1")]
    [InlineData("192.0.2.0/33")]
    [InlineData("relay.acme.example")]
    [InlineData("192.0.2.10:25")]
    [InlineData("")]
    public void Bad_relay_address_is_refused_naming_the_field(string relay)
    {
        var message = Refusal(Valid() with { RelayAddresses = [relay] });

        Assert.StartsWith("relayAddresses:", message);
        Assert.Contains($"'{relay}'", message);
    }

    [Theory]
    [InlineData("mail.acme.example:0")]
    [InlineData("mail.acme.example:99999")]
    [InlineData("mail.acme.example:smtp")]
    [InlineData("mail acme.example")]
    [InlineData("[2001:db8::25")]
    public void Bad_internal_server_is_refused_naming_the_field(string server)
    {
        var message = Refusal(Valid() with { InternalServer = server });

        Assert.StartsWith("internalServer:", message);
        Assert.Contains($"'{server}'", message);
    }

    [Theory]
    [InlineData("bob@other.example")]
    [InlineData("bob@sub.acme.example")]
    [InlineData("acme.example")]
    [InlineData("@acme.example")]
    public void Listed_address_outside_the_tenant_domains_is_refused(string address)
    {
        var message = Refusal(Valid() with { RoutingMode = RoutingMode.ListedAddresses, ListedAddresses = [address] });

        Assert.StartsWith("listedAddresses:", message);
        Assert.Contains($"'{address}'", message);
    }
}
