using Smgw.Interfaces.Policy;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

/// <summary>The OpenPGP methods in the decision: signing key choice, traces naming the key, and a table over every combination of PGP methods, key states and requirements.</summary>
public class OpenPgpDecisionTests
{
    private const string Chef = "chef@lds.example";
    private const string Bob = "bob@x.example";

    private static readonly KeyStatus PgpSigning = Usable(KeyPurpose.SignDomainPgp, "lds.example", "A1B2C3D4E5F6 (lds.example domain key)");

    [Fact]
    public void An_OpenPGP_encrypted_copy_is_signed_with_the_domain_OpenPGP_key_and_the_trace_names_both_keys()
    {
        var set = Set(new OutboundRules { Methods = [EncryptionMethod.PersonalPgp] });
        var r = Out(set, Keys(OrgSigning, PgpSigning, Usable(KeyPurpose.EncryptPersonalPgp, Bob, "FEEDBEEF0001 (Bob <bob@x.example>)")), Chef, Bob).Only();

        Assert.Equal("sign-pgp-domain+encrypt-pgp-personal", r.Treatment.Action);
        Assert.Equal(KeyPurpose.SignDomainPgp, r.Treatment.SignWith!.Purpose);
        var text = r.Texts();
        Assert.Contains("key: personal OpenPGP key of bob@x.example usable (FEEDBEEF0001 (Bob <bob@x.example>))", text);
        Assert.Contains("choice: sign with the OpenPGP domain key (signing) of lds.example", text);
    }

    [Fact]
    public void Under_PersonalIfAvailable_the_senders_own_OpenPGP_key_signs_before_the_domain_key()
    {
        var bobKey = Usable(KeyPurpose.EncryptPersonalPgp, Bob, "FEEDBEEF0001 (Bob <bob@x.example>)");
        var chefKey = Usable(KeyPurpose.SignPersonalPgp, Chef, "C4EF00000001 (Chef <chef@lds.example>)");
        var personal = Set(new OutboundRules { Sign = SignMode.PersonalIfAvailable, Methods = [EncryptionMethod.PersonalPgp] });
        var organisation = Set(new OutboundRules { Sign = SignMode.Organisation, Methods = [EncryptionMethod.PersonalPgp] });

        var own = Out(personal, Keys(OrgSigning, PgpSigning, chefKey, bobKey), Chef, Bob).Only();
        var withoutOwn = Out(personal, Keys(OrgSigning, PgpSigning, Bad(KeyPurpose.SignPersonalPgp, Chef, KeyState.Expired, "expired (C4EF)"), bobKey), Chef, Bob).Only();
        var notAsked = Out(organisation, Keys(OrgSigning, PgpSigning, chefKey, bobKey), Chef, Bob).Only();

        Assert.Equal("sign-pgp-personal+encrypt-pgp-personal", own.Treatment.Action);
        Assert.Contains("choice: sign with the personal OpenPGP key (signing) of chef@lds.example", own.Texts());
        Assert.Equal("sign-pgp-domain+encrypt-pgp-personal", withoutOwn.Treatment.Action);
        Assert.Contains("key: personal OpenPGP key (signing) of chef@lds.example not usable: expired expired (C4EF)", withoutOwn.Texts());
        Assert.Equal(KeyPurpose.SignDomainPgp, notAsked.Treatment.SignWith!.Purpose);
    }

    [Fact]
    public void Without_a_domain_OpenPGP_key_the_organisation_certificate_signs_and_plain_copies_keep_S_MIME_signatures()
    {
        var set = Set(new OutboundRules { Methods = [EncryptionMethod.DomainPgp] });
        var pgp = Out(set, Keys(OrgSigning, Usable(KeyPurpose.EncryptDomainPgp, "x.example")), Chef, Bob).Only();
        Assert.Equal("sign-organisation+encrypt-pgp-domain", pgp.Treatment.Action);
        Assert.Contains("key: OpenPGP domain key (signing) of lds.example: none known", pgp.Texts());

        var plain = Out(Set(), Keys(OrgSigning, PgpSigning), Chef, Bob).Only();
        Assert.Equal("sign-organisation", plain.Treatment.Action);
        Assert.DoesNotContain("OpenPGP domain key (signing)", plain.Texts());
    }

    [Fact]
    public void An_unusable_OpenPGP_key_is_explained_in_the_refusal()
    {
        var set = Set(new OutboundRules { Encryption = EncryptionRequirement.Mandatory, OnMissingKey = MissingKeyAction.RefuseWithDsn, Methods = [EncryptionMethod.PersonalPgp, EncryptionMethod.DomainPgp] });
        var keys = Keys(OrgSigning,
            Bad(KeyPurpose.EncryptPersonalPgp, Bob, KeyState.Revoked, "revoked 2025-03-01 (FEEDBEEF, source imported)"),
            Bad(KeyPurpose.EncryptDomainPgp, "x.example", KeyState.WrongUsage, "no valid encryption subkey (C0FFEE, source wkd)"));
        var r = Out(set, keys, Chef, Bob).Only();

        Assert.Equal(TreatmentOutcome.Refuse, r.Treatment.Outcome);
        Assert.Equal("5.7.1", r.Treatment.Status);
        Assert.Contains("personal OpenPGP key of bob@x.example not usable: revoked revoked 2025-03-01 (FEEDBEEF, source imported)", r.Treatment.Reason);
        Assert.Contains("OpenPGP domain key of x.example not usable: wrong key usage no valid encryption subkey (C0FFEE, source wkd)", r.Treatment.Reason);
    }

    public static IEnumerable<object[]> Combinations()
    {
        var methodLists = new EncryptionMethod[][]
        {
            [EncryptionMethod.PersonalPgp], [EncryptionMethod.DomainPgp], [EncryptionMethod.PersonalPgp, EncryptionMethod.DomainPgp],
            [EncryptionMethod.DomainPgp, EncryptionMethod.PersonalSmime], [EncryptionMethod.PersonalSmime, EncryptionMethod.PersonalPgp, EncryptionMethod.DomainSmime, EncryptionMethod.DomainPgp],
        };
        foreach (var methods in methodLists)
        {
            foreach (var personal in Enum.GetValues<KeyState>())
            {
                foreach (var domain in Enum.GetValues<KeyState>())
                {
                    foreach (var onMissing in Enum.GetValues<MissingKeyAction>())
                    {
                        foreach (var signing in new[] { true, false })
                        {
                            yield return [methods, personal, domain, onMissing, signing];
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Mandatory_encryption_with_OpenPGP_methods_never_leaves_in_plain_text(EncryptionMethod[] methods, KeyState personal, KeyState domain, MissingKeyAction onMissing, bool pgpSigning)
    {
        var set = Set(new OutboundRules { Encryption = EncryptionRequirement.Mandatory, OnMissingKey = onMissing, Methods = methods });
        var keys = Keys(OrgSigning,
            personal == KeyState.Usable ? Usable(KeyPurpose.EncryptPersonalPgp, Bob) : Bad(KeyPurpose.EncryptPersonalPgp, Bob, personal),
            domain == KeyState.Usable ? Usable(KeyPurpose.EncryptDomainPgp, "x.example") : Bad(KeyPurpose.EncryptDomainPgp, "x.example", domain));
        if (pgpSigning)
        {
            keys.Add(PgpSigning);
        }
        var r = Out(set, keys, Chef, Bob).Only();

        Assert.False(r.Treatment.DeliversPlaintext, r.Texts());
        var usablePgp = (methods.Contains(EncryptionMethod.PersonalPgp) && personal == KeyState.Usable) || (methods.Contains(EncryptionMethod.DomainPgp) && domain == KeyState.Usable);
        if (usablePgp)
        {
            Assert.Equal(TreatmentOutcome.Deliver, r.Treatment.Outcome);
            Assert.True(r.Treatment.Method is EncryptionMethod.PersonalPgp or EncryptionMethod.DomainPgp);
            Assert.Equal(pgpSigning ? KeyPurpose.SignDomainPgp : KeyPurpose.SignOrganisation, r.Treatment.SignWith!.Purpose);
        }
        else
        {
            Assert.Equal(onMissing == MissingKeyAction.Messenger ? TreatmentOutcome.Messenger : TreatmentOutcome.Refuse, r.Treatment.Outcome);
        }
    }
}
