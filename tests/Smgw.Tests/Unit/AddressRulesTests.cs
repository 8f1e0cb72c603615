using System.Buffers;
using System.Text;
using Smgw.SmtpFrontend.Protocol;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>
/// The envelope address rules, fed with what SmtpServer's own parser (with our command factory)
/// makes of real MAIL/RCPT command lines: that is what reaches <see cref="GatewayMailboxFilter"/>.
/// </summary>
public class AddressRulesTests
{
    private static readonly SmtpParser Parser = new(new GatewayCommandFactory(52428800));

    /// <summary>The mailbox SmtpServer hands to the mailbox filter for a command line.</summary>
    private static IMailbox Parse(string line)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line));
        Assert.True(Parser.TryMake(ref buffer, out var command, out var response), $"SmtpServer refused '{line}': {response?.Message}");
        return command switch
        {
            RcptCommand rcpt => rcpt.Address,
            MailCommand mail => mail.Address,
            _ => throw new InvalidOperationException($"'{line}' parsed as {command.GetType().Name}"),
        };
    }

    private static bool ParserAccepts(string line)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line));
        return Parser.TryMake(ref buffer, out _, out _);
    }

    private static string Accepted(IMailbox mailbox)
    {
        Assert.True(AddressRules.TryNormalize(mailbox, out var address, out var error), $"refused <{mailbox.User}@{mailbox.Host}>: {error}");
        Assert.Equal("", error);
        return address;
    }

    private static string Refused(IMailbox mailbox)
    {
        Assert.False(AddressRules.TryNormalize(mailbox, out var address, out var error), $"accepted <{mailbox.User}@{mailbox.Host}> as {address}");
        Assert.Equal("", address);
        Assert.NotEqual("", error);
        return error;
    }

    [Theory]
    [InlineData("RCPT TO:<user@Tenant.Example>", "user@tenant.example")]
    [InlineData("RCPT TO:<Alice.Smith@TENANT.EXAMPLE>", "Alice.Smith@tenant.example")]
    [InlineData("RCPT TO:<user+tag@mail.tenant.example>", "user+tag@mail.tenant.example")]
    [InlineData("RCPT TO:<o'brien@tenant-1.example>", "o'brien@tenant-1.example")]
    [InlineData("MAIL FROM:<Bob@Tenant.Example> SIZE=1000", "Bob@tenant.example")]
    [InlineData("RCPT TO:<\"john.doe\"@tenant.example>", "john.doe@tenant.example")]
    public void Accepted_address_has_lower_case_domain_and_local_part_as_given(string line, string expected)
    {
        Assert.Equal(expected, Accepted(Parse(line)));
    }

    [Fact]
    public void Constructed_mailbox_is_normalised_the_same_way()
    {
        Assert.Equal("MixedCase@sub.tenant.example", Accepted(new Mailbox("MixedCase", "Sub.Tenant.EXAMPLE")));
    }

    [Theory]
    [InlineData("RCPT TO:<@relay.example:user@tenant.example>")]
    [InlineData("RCPT TO:<@a.example,@b.example:user@tenant.example>")]
    public void Source_route_is_dropped_by_the_parser_and_only_the_final_mailbox_counts(string line)
    {
        // SmtpServer ignores the route (RFC 5321 appendix C); the filter only ever sees the
        // final mailbox, so the relay decision is made on tenant.example, never on the route's hosts.
        var mailbox = Parse(line);

        Assert.Equal("user", mailbox.User);
        Assert.Equal("tenant.example", mailbox.Host);
        var address = Accepted(mailbox);
        Assert.Equal("user@tenant.example", address);
        Assert.Equal("tenant.example", AddressRules.Domain(address));
    }

    [Fact]
    public void Quoted_local_part_with_at_sign_arrives_unquoted_and_is_refused()
    {
        var mailbox = Parse("RCPT TO:<\"a@b\"@tenant.example>");
        Assert.Equal("a@b", mailbox.User);

        Assert.Contains("'@'", Refused(mailbox));
    }

    [Theory]
    [InlineData("RCPT TO:<\"a\\@b\"@tenant.example>")]
    [InlineData("RCPT TO:<\"other.example@x\"@tenant.example>")]
    public void Escaped_at_sign_in_quoted_local_part_is_refused(string line)
    {
        Assert.Contains("'@'", Refused(Parse(line)));
    }

    [Theory]
    [InlineData("RCPT TO:<user%other.example@tenant.example>", "'%'")]
    [InlineData("RCPT TO:<other.example!user@tenant.example>", "'!'")]
    [InlineData("RCPT TO:<\"user%other.example\"@tenant.example>", "'%'")]
    public void Percent_hack_and_bang_path_are_refused(string line, string named)
    {
        var error = Refused(Parse(line));

        Assert.Contains(named, error);
        Assert.Contains("source routing", error);
    }

    [Theory]
    [InlineData("RCPT TO:<user@[192.0.2.1]>")]
    [InlineData("RCPT TO:<user@[IPv6:2001:db8::1]>")]
    [InlineData("RCPT TO:<user@192.0.2.1>")]
    public void Address_literals_and_bare_ip_hosts_are_refused(string line)
    {
        Assert.Equal("address literals are not accepted", Refused(Parse(line)));
    }

    [Theory]
    [InlineData("RCPT TO:<\"a,b\"@tenant.example>", "a,b")]
    [InlineData("RCPT TO:<\"a<b\"@tenant.example>", "a<b")]
    [InlineData("RCPT TO:<\"a>b\"@tenant.example>", "a>b")]
    [InlineData("RCPT TO:<\"a b\"@tenant.example>", "a b")]
    [InlineData("RCPT TO:<\"a\\\"b\"@tenant.example>", "a\"b")]
    [InlineData("RCPT TO:<\"a:b\"@tenant.example>", "a:b")]
    [InlineData("RCPT TO:<\".a\"@tenant.example>", ".a")]
    public void Quoted_local_part_that_is_no_dot_atom_without_its_quotes_is_refused(string line, string arrives)
    {
        // SmtpServer strips the quotes: kept as given, "a<b"@x would become a<b@x, which MimeKit
        // reads as b@x at delivery, and "a,b"@x could not be parsed for delivery at all.
        var mailbox = Parse(line);
        Assert.Equal(arrives, mailbox.User);

        Assert.Contains("malformed local part", Refused(mailbox));
    }

    [Fact]
    public void Empty_quoted_local_part_is_refused()
    {
        var mailbox = Parse("RCPT TO:<\"\"@tenant.example>");
        Assert.Equal("", mailbox.User);

        Assert.Equal("a fully qualified address is required", Refused(mailbox));
    }

    [Fact]
    public void Non_ascii_domain_arrives_damaged_and_is_refused()
    {
        var mailbox = Parse("RCPT TO:<user@tenänt.example>");
        Assert.NotEqual("tenänt.example", mailbox.Host);

        Assert.Equal("malformed domain", Refused(mailbox));
    }

    [Fact]
    public void Local_part_longer_than_64_octets_is_refused()
    {
        Assert.Equal($"{new string('a', 64)}@tenant.example", Accepted(Parse($"RCPT TO:<{new string('a', 64)}@tenant.example>")));

        Assert.Contains("too long", Refused(Parse($"RCPT TO:<{new string('a', 65)}@tenant.example>")));
    }

    [Fact]
    public void Domain_longer_than_253_octets_is_refused()
    {
        var label = new string('d', 63);
        var domain253 = $"{label}.{label}.{label}.{new string('d', 61)}";
        var domain254 = $"{label}.{label}.{label}.{new string('d', 62)}";
        Assert.Equal(253, domain253.Length);

        Assert.Equal($"user@{domain253}", Accepted(Parse($"RCPT TO:<user@{domain253}>")));
        Assert.Contains("too long", Refused(Parse($"RCPT TO:<user@{domain254}>")));
    }

    [Theory]
    [InlineData("RCPT TO:<user@tenant.example.>")]
    [InlineData("RCPT TO:<user@.tenant.example>")]
    [InlineData("RCPT TO:<user@tenant..example>")]
    [InlineData("RCPT TO:<.user@tenant.example>")]
    [InlineData("RCPT TO:<us..er@tenant.example>")]
    [InlineData("RCPT TO:<user.@tenant.example>")]
    [InlineData("RCPT TO:<user>")]
    [InlineData("RCPT TO:<>")]
    public void Malformed_dots_and_missing_parts_never_reach_the_filter(string line)
    {
        // SmtpServer answers these itself (502); the filter's own checks below are the second line.
        Assert.False(ParserAccepts(line));
    }

    [Theory]
    [InlineData("user", "tenant.example.")]
    [InlineData("user", ".tenant.example")]
    [InlineData("user", "tenant..example")]
    [InlineData("user", "tenant_x.example")]
    [InlineData("user", "tenant example")]
    public void Malformed_domain_is_refused(string user, string host)
    {
        Assert.Equal("malformed domain", Refused(new Mailbox(user, host)));
    }

    [Theory]
    [InlineData(".user")]
    [InlineData("user.")]
    [InlineData("us..er")]
    [InlineData("us\ter")]
    [InlineData("us\r\ner")]
    [InlineData("\"a b\"")]
    public void Malformed_local_part_is_refused(string user)
    {
        Assert.Contains("malformed local part", Refused(new Mailbox(user, "tenant.example")));
    }

    [Theory]
    [InlineData("", "tenant.example")]
    [InlineData("user", "")]
    [InlineData("", "")]
    public void Empty_parts_are_refused(string user, string host)
    {
        Assert.Equal("a fully qualified address is required", Refused(new Mailbox(user, host)));
    }

    [Fact]
    public void Null_sender_is_recognised()
    {
        Assert.True(AddressRules.IsNullSender(Parse("MAIL FROM:<>")));
        Assert.True(AddressRules.IsNullSender(null));
        Assert.True(AddressRules.IsNullSender(Mailbox.Empty));
        Assert.True(AddressRules.IsNullSender(new Mailbox("", "")));
        Assert.Equal("", AddressRules.Display(Parse("MAIL FROM:<>")));
    }

    [Theory]
    [InlineData("MAIL FROM:<bob@tenant.example>")]
    [InlineData("MAIL FROM:<postmaster@tenant.example>")]
    public void Real_sender_is_not_the_null_sender(string line)
    {
        Assert.False(AddressRules.IsNullSender(Parse(line)));
    }
}
