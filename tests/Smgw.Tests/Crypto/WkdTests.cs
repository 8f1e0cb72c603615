using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smgw.Crypto.OpenPgp;
using Smgw.Grains.Wkd;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>The Web Key Directory client against a local HTTPS server, and the hash.</summary>
[Collection(PgpTestKeysCollection.Name)]
public sealed class WkdTests(PgpTestKeys keys)
{
    [Fact]
    public void The_hash_is_z_base_32_of_sha1_of_the_lowercased_local_part()
    {
        // The example of draft-koch-openpgp-webkey-service: Joe.Doe@Example.ORG.
        Assert.Equal("iy9q119eutrkn8s1mk4r39qejnbu3n5q", WkdHash.Of("Joe.Doe"));
        Assert.Equal(WkdHash.Of("joe.doe"), WkdHash.Of("JOE.DOE"));
    }

    [Fact]
    public async Task The_advanced_method_finds_the_key_over_HTTPS_and_an_unknown_address_is_cached_as_not_found()
    {
        await using var server = new WkdTestServer(keys.Directory, "openpgpkey.partner.example", "partner.example");
        var bob = keys.PartnerKeys[PgpAlgorithm.Rsa];
        server.Content[$"/.well-known/openpgpkey/partner.example/hu/{WkdHash.Of("bob")}"] = bob.ToBinary();
        using var client = Client(server.Port, server.CaFile);

        var (armored, detail) = await client.LookupAsync("Bob@partner.example", CancellationToken.None);
        Assert.NotNull(armored);
        Assert.Equal(bob.Fingerprint, OpenPgpKey.Parse(armored).Single().Fingerprint);
        Assert.Contains("advanced method", detail);
        Assert.Contains($"openpgpkey.partner.example GET /.well-known/openpgpkey/partner.example/hu/{WkdHash.Of("bob")}?l=Bob", server.Requests);

        var (none, why) = await client.LookupAsync("nobody@partner.example", CancellationToken.None);
        Assert.Null(none);
        Assert.Contains("HTTP 404", why);
        var count = server.Requests.Count;
        var (again, cached) = await client.LookupAsync("nobody@partner.example", CancellationToken.None);
        Assert.Null(again);
        Assert.Contains("cached", cached);
        Assert.Equal(count, server.Requests.Count);
    }

    [Fact]
    public async Task A_key_without_the_address_and_a_server_with_an_untrusted_certificate_give_nothing()
    {
        await using var server = new WkdTestServer(keys.Directory, "openpgpkey.partner.example", "partner.example");
        server.Content[$"/.well-known/openpgpkey/partner.example/hu/{WkdHash.Of("mallory")}"] = keys.PartnerKeys[PgpAlgorithm.Rsa].ToBinary();
        using var client = Client(server.Port, server.CaFile);
        var (wrong, detail) = await client.LookupAsync("mallory@partner.example", CancellationToken.None);
        Assert.Null(wrong);
        Assert.Contains("no user id mallory@partner.example", detail);

        await using var other = new WkdTestServer(keys.Directory, "unrelated.example");
        server.Content[$"/.well-known/openpgpkey/partner.example/hu/{WkdHash.Of("bob")}"] = keys.PartnerKeys[PgpAlgorithm.Rsa].ToBinary();
        using var distrustful = Client(server.Port, other.CaFile);
        var (untrusted, reason) = await distrustful.LookupAsync("bob@partner.example", CancellationToken.None);
        Assert.Null(untrusted);
        Assert.Contains("WKD", reason);
    }

    [Fact]
    public void Wrong_settings_are_refused_naming_the_setting()
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new WkdOptions { Port = 0, ConnectAddress = "not-an-ip", TrustedCertificatesFile = "/nonexistent/ca.pem", Timeout = TimeSpan.Zero };
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);
        var messages = string.Join("\n", results.Select(r => r.ErrorMessage));
        Assert.Contains("Smgw:Wkd:Port", messages);
        Assert.Contains("Smgw:Wkd:ConnectAddress", messages);
        Assert.Contains("Smgw:Wkd:TrustedCertificatesFile", messages);
        Assert.Contains("Smgw:Wkd:Timeout", messages);
    }

    private static WkdClient Client(int port, string caFile) => new(
        Options.Create(new WkdOptions { Lookup = true, Port = port, ConnectAddress = "127.0.0.1", TrustedCertificatesFile = caFile, Timeout = TimeSpan.FromSeconds(5) }),
        TimeProvider.System,
        NullLogger<WkdClient>.Instance);
}
