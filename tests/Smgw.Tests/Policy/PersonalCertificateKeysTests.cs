using System.Security.Cryptography;
using Smgw.Crypto.Certificates;
using Smgw.Grains.Policy;
using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Smgw.Storage.Secrets;
using Smgw.Tests.Crypto;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

/// <summary>
/// A personal certificate the gateway holds (<see cref="KeyKind.Personal"/>), resolved from the
/// key store as the engine sees it: signing (PersonalIfAvailable), decryption, and encryption for
/// other tenants; its private key opens only through the master key.
/// </summary>
[Collection(TestPkiCollection.Name)]
public sealed class PersonalCertificateKeysTests(TestPki pki)
{
    private const string Alice = "alice@example.org";
    private readonly SecretProtector _secrets = new(RandomNumberGenerator.GetBytes(32));

    private PolicyContext Context(PolicySet set, params KeyMaterial[] materials) => new(
        PolicyMessage.DryRun(MailDirection.Outbound, "lds", Alice, ["partner@remote.example"]),
        set,
        [pki.Ca.ExportCertificatePem()],
        new Dictionary<string, IReadOnlyList<KeyMaterial>> { [Alice] = materials });

    private KeyMaterial Personal()
    {
        var pkcs8 = ((RSA)pki.Alice.PrivateKey).ExportPkcs8PrivateKey();
        return new KeyMaterial
        {
            Entry = new KeyEntry { Owner = Alice, Kind = KeyKind.Personal, CertificatePem = pki.Alice.Certificate.ExportCertificatePem(), HasPrivateKey = true, Source = "imported" },
            ProtectedPrivateKey = _secrets.Protect(pkcs8, ResolvedKeys.PrivateKeyPurpose),
        };
    }

    [Fact]
    public void A_personal_certificate_serves_signing_decryption_and_encryption_of_its_address()
    {
        using var keys = ResolvedKeys.Resolve(Context(Set(), Personal()), new CertificateValidator(TimeProvider.System));

        var sign = keys.Directory.Find(KeyPurpose.SignPersonal, Alice);
        Assert.Equal(KeyState.Usable, sign.State);
        Assert.Contains("Alice", sign.KeyId);
        Assert.Equal(KeyState.Usable, keys.Directory.Find(KeyPurpose.DecryptPersonalSmime, Alice).State);
        Assert.Equal(KeyState.Usable, keys.Directory.Find(KeyPurpose.EncryptPersonalSmime, Alice).State);

        var identity = keys.Identity(sign, _secrets);
        Assert.Equal(pki.Alice.Certificate.Thumbprint, identity.Certificate.Thumbprint);
        Assert.ThrowsAny<CryptographicException>(() => keys.Identity(sign, new SecretProtector(RandomNumberGenerator.GetBytes(32))));
    }

    [Fact]
    public void Under_PersonalIfAvailable_the_engine_signs_with_the_personal_certificate_and_names_it()
    {
        var set = Set(new OutboundRules { Sign = SignMode.PersonalIfAvailable });
        using var keys = ResolvedKeys.Resolve(Context(set, Personal()), new CertificateValidator(TimeProvider.System));

        var decision = Out(set, keys.Directory, Alice, "partner@remote.example").Only();

        Assert.Equal(KeyPurpose.SignPersonal, decision.Treatment.SignWith?.Purpose);
        Assert.StartsWith("sign-personal", decision.Treatment.Action);
        Assert.Contains("sign with the personal signing certificate of alice@example.org", decision.Texts());
    }

    [Fact]
    public void A_correspondents_certificate_stored_for_the_address_wins_for_encryption_and_an_expired_personal_certificate_is_not_used_to_sign()
    {
        var correspondent = new KeyMaterial
        {
            Entry = new KeyEntry { Owner = Alice, Kind = KeyKind.Certificate, CertificatePem = pki.Carol.Certificate.ExportCertificatePem(), Source = "imported" },
        };
        using (var keys = ResolvedKeys.Resolve(Context(Set(), Personal(), correspondent), new CertificateValidator(TimeProvider.System)))
        {
            Assert.Equal(pki.Carol.Certificate.Thumbprint, keys.Certificate(keys.Directory.Find(KeyPurpose.EncryptPersonalSmime, Alice)).Thumbprint);
        }

        var later = new Smgw.Tests.Unit.FixedTimeProvider(DateTimeOffset.UtcNow.AddYears(2));
        using var expired = ResolvedKeys.Resolve(Context(Set(), Personal()), new CertificateValidator(later));
        Assert.Equal(KeyState.Expired, expired.Directory.Find(KeyPurpose.SignPersonal, Alice).State);
        // One's own key still opens mail encrypted to it.
        Assert.Equal(KeyState.Usable, expired.Directory.Find(KeyPurpose.DecryptPersonalSmime, Alice).State);
    }
}
