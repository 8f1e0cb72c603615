using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.Certificates.Revocation;
using Smgw.Tests.Unit;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>
/// CRL and OCSP checking against revocation data made by OpenSSL (see <see cref="RevocationPki"/>):
/// what OpenSSL's CA database says is what the gateway must conclude.
/// </summary>
public sealed class RevocationTests(RevocationPki pki) : IClassFixture<RevocationPki>
{
    private static RevocationChecker Checker(RevocationOptions? options = null, TimeProvider? time = null) =>
        new(new HttpClient(), Options.Create(options ?? new RevocationOptions()), time ?? TimeProvider.System, NullLogger<RevocationChecker>.Instance);

    [Fact]
    public async Task Ocsp_says_good_for_a_certificate_the_ca_has_not_revoked()
    {
        var status = await Checker().CheckAsync(pki.OcspGood, pki.Ca);

        Assert.Equal(RevocationState.Good, status.State);
        Assert.Equal($"OCSP http://127.0.0.1:{pki.Port}/ocsp", status.Source);
    }

    [Fact]
    public async Task Ocsp_says_revoked_with_the_time_and_reason_from_the_ca_database()
    {
        var status = await Checker().CheckAsync(pki.OcspRevoked, pki.Ca);

        Assert.Equal(RevocationState.Revoked, status.State);
        Assert.StartsWith("OCSP ", status.Source);
        Assert.Equal(RevocationPki.RevokedAt, status.RevokedAt);
        Assert.Contains("key compromise", status.Detail);
    }

    [Fact]
    public async Task An_ocsp_answer_without_a_next_update_counts_only_while_it_is_fresh()
    {
        Assert.Equal(RevocationState.Good, (await Checker().CheckAsync(pki.OcspNoNextUpdate, pki.Ca)).State);

        // The same kind of answer, judged two hours on (a responder that answers from an old state, or a replay).
        var later = new MovableClock(DateTimeOffset.UtcNow.AddHours(2));
        var status = await Checker(time: later).CheckAsync(pki.OcspNoNextUpdate, pki.Ca);
        Assert.Equal(RevocationState.Unknown, status.State);
        Assert.Contains("names no next update and is older than 01:00:00", status.Detail);
    }

    [Fact]
    public async Task A_replayed_ocsp_answer_whose_nonce_is_not_ours_is_not_believed()
    {
        // The responder answers the first request properly, then hands out that answer again.
        Assert.Equal(RevocationState.Good, (await Checker().CheckAsync(pki.OcspReplayed, pki.Ca)).State);

        var status = await Checker().CheckAsync(pki.OcspReplayed, pki.Ca);
        Assert.Equal(RevocationState.Unknown, status.State);
        Assert.Contains("nonce is not the one sent", status.Detail);
    }

    [Fact]
    public async Task A_crl_decides_when_the_certificate_names_no_responder()
    {
        var checker = Checker();

        var good = await checker.CheckAsync(pki.CrlGood, pki.Ca);
        var revoked = await checker.CheckAsync(pki.CrlRevoked, pki.Ca);

        Assert.Equal(RevocationState.Good, good.State);
        Assert.Equal($"CRL http://127.0.0.1:{pki.Port}/ca.crl", good.Source);
        Assert.Equal(RevocationState.Revoked, revoked.State);
        Assert.Equal(RevocationPki.RevokedAt, revoked.RevokedAt);
        Assert.Contains("key compromise", revoked.Detail);
    }

    [Fact]
    public async Task A_crl_is_downloaded_once_and_reused_until_its_next_update()
    {
        var checker = Checker();
        var before = pki.Requests("/ca.crl");

        await checker.CheckAsync(pki.CrlGood, pki.Ca);
        await checker.CheckAsync(pki.CrlRevoked, pki.Ca);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => checker.CheckAsync(pki.SecondCrlGood, pki.Ca)));

        Assert.Equal(1, pki.Requests("/ca.crl") - before);
        Assert.Equal(1, checker.Fetches);
    }

    [Fact]
    public async Task A_crl_past_its_next_update_is_fetched_again_and_if_still_stale_gives_unknown()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var checker = Checker(time: clock);
        Assert.Equal(RevocationState.Good, (await checker.CheckAsync(pki.CrlGood, pki.Ca)).State);
        var before = pki.Requests("/ca.crl");

        clock.Now += TimeSpan.FromDays(8); // openssl wrote default_crl_days = 7
        var status = await checker.CheckAsync(pki.CrlGood, pki.Ca);

        Assert.Equal(1, pki.Requests("/ca.crl") - before);
        Assert.Equal(RevocationState.Unknown, status.State);
        Assert.Contains("stale", status.Detail);
    }

    [Fact]
    public async Task A_chains_answer_is_reused_but_never_past_the_answers_it_rests_on()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var checker = Checker(time: clock);
        var first = await checker.CheckChainAsync(pki.CrlGood, pki.Anchors);
        var before = pki.Requests("/ca.crl");

        var again = await checker.CheckChainAsync(pki.CrlGood, pki.Anchors);
        clock.Now += TimeSpan.FromMinutes(2); // the chain is built again, the CRL (7 days) still holds
        var rebuilt = await checker.CheckChainAsync(pki.CrlGood, pki.Anchors);
        clock.Now += TimeSpan.FromDays(8); // past the CRL's next update: the CRL is fetched again and found stale
        var stale = await checker.CheckChainAsync(pki.CrlGood, pki.Anchors);

        Assert.Equal(RevocationState.Good, Assert.Single(first.Elements).Status.State);
        Assert.Same(first, again);
        Assert.NotSame(first, rebuilt);
        Assert.Equal(RevocationState.Good, Assert.Single(rebuilt.Elements).Status.State);
        Assert.Equal(RevocationState.Unknown, Assert.Single(stale.Elements).Status.State);
        Assert.Contains("stale", stale.Summary);
        Assert.Equal(1, pki.Requests("/ca.crl") - before);
    }

    [Fact]
    public async Task When_the_responder_is_unreachable_the_crl_decides()
    {
        var status = await Checker().CheckAsync(pki.DeadOcspRevokedOnCrl, pki.Ca);

        Assert.Equal(RevocationState.Revoked, status.State);
        Assert.StartsWith("CRL ", status.Source);
    }

    [Fact]
    public async Task Unreachable_sources_give_unknown_naming_each_and_are_not_asked_again_at_once()
    {
        var checker = Checker(new RevocationOptions { Timeout = TimeSpan.FromSeconds(3) });

        var status = await checker.CheckAsync(pki.Unreachable, pki.Ca);
        var fetches = checker.Fetches;
        var again = await checker.CheckAsync(pki.Unreachable, pki.Ca);

        Assert.Equal(RevocationState.Unknown, status.State);
        Assert.Contains($"OCSP http://127.0.0.1:{pki.DeadPort}/ocsp", status.Detail);
        Assert.Contains($"CRL http://127.0.0.1:{pki.DeadPort}/ca.crl", status.Detail);
        Assert.Equal(2, fetches);
        Assert.Equal(fetches, checker.Fetches);
        Assert.Equal(status, again);
    }

    [Theory]
    [InlineData(UnknownRevocationAction.Accept, false)]
    [InlineData(UnknownRevocationAction.Refuse, true)]
    public async Task Policy_decides_whether_an_unknown_status_makes_the_certificate_unusable(UnknownRevocationAction action, bool refused)
    {
        var result = await Checker(new RevocationOptions { WhenUnknown = action }).CheckChainAsync(pki.Unreachable, pki.Anchors);

        var element = Assert.Single(result.Elements);
        Assert.Equal(RevocationState.Unknown, element.Status.State);
        if (refused)
        {
            var finding = Assert.Single(result.Findings);
            Assert.Equal(CertificateProblem.RevocationUnknown, finding.Problem);
            Assert.Contains("Smgw:Revocation:WhenUnknown", finding.Detail);
        }
        else
        {
            Assert.Empty(result.Findings);
            Assert.Contains("Unknown", result.Summary);
        }
    }

    [Fact]
    public async Task A_revoked_certificate_in_a_chain_is_a_finding_naming_it()
    {
        var result = await Checker().CheckChainAsync(pki.OcspRevoked, pki.Anchors);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(CertificateProblem.Revoked, finding.Problem);
        Assert.Contains("CN=ocsp-revoked", finding.Detail);
    }

    [Fact]
    public async Task A_crl_signed_by_another_key_under_the_same_name_is_not_believed()
    {
        var status = await Checker().CheckAsync(pki.ForgedCrl, pki.Ca);

        Assert.Equal(RevocationState.Unknown, status.State);
        Assert.Contains("signature does not verify", status.Detail);
    }

    [Fact]
    public async Task An_ocsp_answer_signed_by_an_unauthorised_key_is_not_believed()
    {
        var status = await Checker().CheckAsync(pki.ForgedOcsp, pki.Ca);

        Assert.Equal(RevocationState.Unknown, status.State);
        Assert.Contains("signed neither by", status.Detail);
    }

    [Fact]
    public async Task A_certificate_naming_no_source_and_a_disabled_checker_ask_nobody()
    {
        var checker = Checker();
        var none = await checker.CheckAsync(pki.NoSources, pki.Ca);
        var off = await Checker(new RevocationOptions { Enabled = false }).CheckAsync(pki.OcspRevoked, pki.Ca);

        Assert.Equal(RevocationState.NotChecked, none.State);
        Assert.Equal(0, checker.Fetches);
        Assert.Equal(RevocationState.NotChecked, off.State);
        Assert.Contains("Smgw:Revocation:Enabled", off.Detail);
    }

    [Fact]
    public void Options_name_the_setting_when_invalid()
    {
        var options = new RevocationOptions { Timeout = TimeSpan.Zero, MaxCacheAge = TimeSpan.Zero };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.Contains("Smgw:Revocation:Timeout"));
        Assert.Contains(errors, e => e!.Contains("Smgw:Revocation:MaxCacheAge"));
    }
}
