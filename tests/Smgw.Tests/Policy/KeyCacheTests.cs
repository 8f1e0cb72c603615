using System.Security.Cryptography;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.Smime;
using Smgw.Grains.Policy;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Smgw.Storage.Secrets;
using Smgw.Tests.Crypto;
using Smgw.Tests.Unit;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

/// <summary>
/// The cache the policy stage resolves keys through (<see cref="KeyCache"/>): the second decision
/// with the same keys parses, validates and imports nothing, yet a changed anchor set, a moved
/// clock and a changed key give the same verdict as without the cache.
/// </summary>
[Collection(TestPkiCollection.Name)]
public sealed class KeyCacheTests(TestPki pki)
{
    private const string Alice = "alice@example.org";
    private const string Partner = "bob@example.net"; // the address in Bob's certificate
    private readonly SecretProtector _secrets = new(RandomNumberGenerator.GetBytes(32));

    private PolicyContext Context(string anchorPem, params (string Owner, KeyMaterial Material)[] keys) => new(
        PolicyMessage.DryRun(MailDirection.Outbound, "lds", Alice, [Partner]),
        Set(),
        [anchorPem],
        keys.GroupBy(k => k.Owner).ToDictionary(g => g.Key, g => (IReadOnlyList<KeyMaterial>)[.. g.Select(k => k.Material)]));

    private KeyMaterial Personal(SmimeIdentity identity) => new()
    {
        Entry = new KeyEntry { Owner = Alice, Kind = KeyKind.Personal, CertificatePem = identity.Certificate.ExportCertificatePem(), HasPrivateKey = true, Source = "imported" },
        ProtectedPrivateKey = _secrets.Protect(((RSA)identity.PrivateKey).ExportPkcs8PrivateKey(), ResolvedKeys.PrivateKeyPurpose),
    };

    private static KeyMaterial Correspondent(SmimeIdentity identity) => new()
    {
        Entry = new KeyEntry { Owner = Partner, Kind = KeyKind.Certificate, CertificatePem = identity.Certificate.ExportCertificatePem(), Source = "imported" },
    };

    [Fact]
    public void The_second_decision_with_the_same_keys_parses_validates_and_imports_nothing_and_signs_alike()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var cache = new KeyCache(clock);
        var validator = new CertificateValidator(clock);
        var context = Context(pki.Ca.ExportCertificatePem(), (Alice, Personal(pki.Alice)), (Partner, Correspondent(pki.Bob)));
        var engine = new SmimeEngine(clock);
        var message = new MimeKit.MimeMessage([new MimeKit.MailboxAddress("", Alice)], [new MimeKit.MailboxAddress("", Partner)], "hello", new MimeKit.TextPart("plain") { Text = "hello" });

        AsymmetricAlgorithm firstKey;
        using (var keys = ResolvedKeys.Resolve(context, validator, null, clock, cache))
        {
            var identity = keys.Identity(keys.Directory.Find(KeyPurpose.SignPersonal, Alice), _secrets);
            firstKey = identity.PrivateKey;
            Assert.True(engine.Verify(engine.Sign(message, identity), pki.Anchors).IsValid);
        }
        var misses = cache.Misses;

        using (var keys = ResolvedKeys.Resolve(context, validator, null, clock, cache))
        {
            Assert.Equal(KeyState.Usable, keys.Directory.Find(KeyPurpose.EncryptPersonalSmime, Partner).State);
            var identity = keys.Identity(keys.Directory.Find(KeyPurpose.SignPersonal, Alice), _secrets);
            Assert.Same(firstKey, identity.PrivateKey); // given back by the first decision, used again
            Assert.True(engine.Verify(engine.Sign(message, identity), pki.Anchors).IsValid);
        }

        Assert.Equal(misses, cache.Misses);
        Assert.True(cache.Hits > 0);
    }

    [Fact]
    public void Concurrent_decisions_get_a_private_key_each()
    {
        var cache = new KeyCache(TimeProvider.System);
        var validator = new CertificateValidator(TimeProvider.System);
        var context = Context(pki.Ca.ExportCertificatePem(), (Alice, Personal(pki.Alice)));

        using var first = ResolvedKeys.Resolve(context, validator, null, null, cache);
        using var second = ResolvedKeys.Resolve(context, validator, null, null, cache);
        var a = first.Identity(first.Directory.Find(KeyPurpose.SignPersonal, Alice), _secrets);
        var b = second.Identity(second.Directory.Find(KeyPurpose.SignPersonal, Alice), _secrets);

        Assert.NotSame(a.PrivateKey, b.PrivateKey);
    }

    [Fact]
    public void Another_anchor_set_or_another_key_is_judged_afresh()
    {
        var cache = new KeyCache(TimeProvider.System);
        var validator = new CertificateValidator(TimeProvider.System);
        string State(PolicyContext context)
        {
            using var keys = ResolvedKeys.Resolve(context, validator, null, null, cache);
            var status = keys.Directory.Find(KeyPurpose.EncryptPersonalSmime, Partner);
            return $"{status.State} {status.KeyId}";
        }

        var trusted = State(Context(pki.Ca.ExportCertificatePem(), (Partner, Correspondent(pki.Bob))));
        var otherAnchors = State(Context(pki.OtherCa.ExportCertificatePem(), (Partner, Correspondent(pki.Bob))));
        var otherKey = State(Context(pki.Ca.ExportCertificatePem(), (Partner, Correspondent(pki.Carol))));

        Assert.StartsWith("Usable", trusted);
        Assert.StartsWith("Untrusted", otherAnchors);
        Assert.StartsWith("WrongUsage", otherKey); // Carol's certificate does not name Bob's address
        Assert.Contains("Carol", otherKey);
    }

    [Fact]
    public void An_inbound_signer_is_judged_once_per_signer_anchors_and_address_and_not_past_its_expiry()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var cache = new KeyCache(clock);
        var engine = new SmimeEngine(clock, cache.ValidateSigner);
        var message = new MimeKit.MimeMessage([new MimeKit.MailboxAddress("", "Alice@Example.ORG")], [new MimeKit.MailboxAddress("", Partner)], "signed", new MimeKit.TextPart("plain") { Text = "hello" });
        var signed = Smgw.Tests.Crypto.TestMessages.Roundtrip(engine.Sign(message, pki.Alice));

        var first = engine.Verify(signed, pki.Anchors);
        var misses = cache.Misses;
        var second = engine.Verify(Smgw.Tests.Crypto.TestMessages.Roundtrip(signed), pki.Anchors);
        var missesAfterSecond = cache.Misses;
        signed.From.Clear();
        signed.From.Add(new MimeKit.MailboxAddress("", "mallory@example.org"));
        var otherAddress = engine.Verify(signed, pki.Anchors);
        clock.Now = new DateTimeOffset(pki.Alice.Certificate.NotAfter.ToUniversalTime()).AddSeconds(1);
        signed.From.Clear();
        signed.From.Add(new MimeKit.MailboxAddress("", "alice@example.org"));
        var expired = engine.Verify(signed, pki.Anchors);

        Assert.True(first.IsValid, string.Join("; ", first.Reasons));
        Assert.True(second.IsValid);
        Assert.Equal(misses, missesAfterSecond);
        Assert.False(otherAddress.IsValid);
        Assert.Contains("mallory@example.org is not in the certificate", string.Join("; ", otherAddress.Reasons));
        Assert.False(expired.IsValid);
        Assert.True(expired.Certificate!.Has(CertificateProblem.Expired));
    }

    [Fact]
    public void A_cached_verdict_ends_when_the_certificate_expires()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        var cache = new KeyCache(clock);
        var validator = new CertificateValidator(clock);
        var context = Context(pki.Ca.ExportCertificatePem(), (Partner, Correspondent(pki.Bob)));
        KeyState State()
        {
            using var keys = ResolvedKeys.Resolve(context, validator, null, clock, cache);
            return keys.Directory.Find(KeyPurpose.EncryptPersonalSmime, Partner).State;
        }

        var before = State();
        clock.Now = new DateTimeOffset(pki.Bob.Certificate.NotAfter.ToUniversalTime()).AddSeconds(1);
        var after = State();

        Assert.Equal(KeyState.Usable, before);
        Assert.Equal(KeyState.Expired, after);
    }
}
