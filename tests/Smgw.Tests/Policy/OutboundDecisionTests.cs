using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

public class OutboundDecisionTests
{
    private const string Chef = "chef@lds.example";
    private const string Bob = "bob@x.example";

    private static readonly OutboundRules Mandatory = new() { Encryption = EncryptionRequirement.Mandatory, OnMissingKey = MissingKeyAction.Messenger };

    [Fact]
    public void The_first_method_with_a_usable_key_is_chosen_and_unusable_keys_are_explained()
    {
        var keys = Keys(OrgSigning,
            Bad(KeyPurpose.EncryptPersonalSmime, Bob, KeyState.Expired, "2025-01-01"),
            Usable(KeyPurpose.EncryptDomainSmime, "x.example", "DOM-X"));

        var r = Out(Set(), keys, Chef, Bob).Only();

        Assert.Equal("sign-organisation+encrypt-smime-domain", r.Treatment.Action);
        Assert.Equal(EncryptionMethod.DomainSmime, r.Treatment.Method);
        Assert.Equal("DOM-X", r.Treatment.EncryptTo!.KeyId);
        Assert.Equal("ORG-LDS", r.Treatment.SignWith!.KeyId);
        var text = r.Texts();
        Assert.Contains("key: personal S/MIME certificate of bob@x.example not usable: expired 2025-01-01", text);
        Assert.Contains("key: personal OpenPGP key of bob@x.example: none known", text);
        Assert.Contains("choice: encrypt to the domain certificate of x.example", text);
        Assert.Contains("action: sign-organisation+encrypt-smime-domain", text);
        Assert.DoesNotContain("OpenPGP domain key", text); // not looked up once a key was found
    }

    [Fact]
    public void The_policy_preference_order_decides_between_usable_keys()
    {
        var set = Set(new OutboundRules { Methods = [EncryptionMethod.PersonalPgp, EncryptionMethod.PersonalSmime] });
        var keys = Keys(Usable(KeyPurpose.EncryptPersonalSmime, Bob), Usable(KeyPurpose.EncryptPersonalPgp, Bob));

        Assert.Equal(EncryptionMethod.PersonalPgp, Out(set, keys, Chef, Bob).Only().Treatment.Method);
    }

    [Fact]
    public void If_possible_without_a_key_delivers_unencrypted_and_says_so()
    {
        var r = Out(Set(), Keys(OrgSigning), Chef, Bob).Only();

        Assert.Equal("sign-organisation", r.Treatment.Action);
        Assert.True(r.Treatment.DeliversPlaintext);
        Assert.Contains("no usable key: not encrypted (encryption=IfPossible)", r.Texts());
    }

    [Fact]
    public void Mandatory_without_a_key_marks_the_recipient_for_the_Messenger()
    {
        var r = Out(Set(Mandatory), Keys(OrgSigning, Bad(KeyPurpose.EncryptDomainSmime, "x.example", KeyState.Revoked, "(OCSP)")), Chef, Bob).Only();

        Assert.Equal(TreatmentOutcome.Messenger, r.Treatment.Outcome);
        Assert.Equal("messenger", r.Treatment.Action);
        Assert.False(r.Treatment.DeliversPlaintext);
        Assert.Null(r.Treatment.SignWith);
        Assert.Contains("key: domain certificate of x.example not usable: revoked (OCSP)", r.Texts());
        Assert.Contains("marked for the Messenger", r.Texts());
    }

    [Fact]
    public void Mandatory_without_a_key_and_refusal_gives_5_7_1_with_the_reasons()
    {
        var set = Set(Mandatory with { OnMissingKey = MissingKeyAction.RefuseWithDsn });
        var keys = Keys(OrgSigning, Bad(KeyPurpose.EncryptPersonalSmime, Bob, KeyState.Untrusted, "(issuer not a trust anchor of lds)"));

        var r = Out(set, keys, Chef, "Bob@X.Example").Only();

        Assert.Equal(TreatmentOutcome.Refuse, r.Treatment.Outcome);
        Assert.Equal("5.7.1", r.Treatment.Status);
        Assert.Equal(PolicyStatusCodes.EncryptionRequiredNoKey, r.Treatment.Status);
        Assert.StartsWith("encryption to bob@x.example is mandatory and no usable key exists (personal S/MIME certificate of bob@x.example not usable: untrusted (issuer not a trust anchor of lds); ", r.Treatment.Reason);
        Assert.Contains("action: refuse 5.7.1 encryption to bob@x.example is mandatory", r.Texts());
    }

    [Fact]
    public void Mandatory_with_no_method_allowed_is_never_plaintext()
    {
        var set = Set(Mandatory with { Methods = [], OnMissingKey = MissingKeyAction.RefuseWithDsn });

        var r = Out(set, Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, Bob)), Chef, Bob).Only();

        Assert.Equal(TreatmentOutcome.Refuse, r.Treatment.Outcome);
        Assert.Contains("no encryption method allowed", r.Treatment.Reason);
    }

    [Theory]
    [InlineData(ContentProtection.Smime)]
    [InlineData(ContentProtection.OpenPgp)]
    public void Already_encrypted_mail_is_never_wrapped_again_and_counts_as_encrypted(ContentProtection format)
    {
        var message = PolicyMessage.DryRun(MailDirection.Outbound, "lds", Chef, Bob) with { Encrypted = format };
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, Bob));

        var r = PolicyEngine.Decide(message, Set(Mandatory with { OnMissingKey = MissingKeyAction.RefuseWithDsn }), keys).Only();

        Assert.Equal(TreatmentOutcome.Deliver, r.Treatment.Outcome);
        Assert.True(r.Treatment.AlreadyEncrypted);
        Assert.Null(r.Treatment.Method);
        Assert.Null(r.Treatment.SignWith);
        Assert.False(r.Treatment.DeliversPlaintext);
        Assert.Equal("deliver-already-encrypted", r.Treatment.Action);
        Assert.Contains("not encrypted again; counts as encrypted for encryption=Mandatory", r.Texts());
        Assert.Empty(r.Keys);
    }

    [Fact]
    public void Already_signed_mail_is_not_signed_again_but_still_encrypted()
    {
        var message = PolicyMessage.DryRun(MailDirection.Outbound, "lds", Chef, Bob) with { Signed = ContentProtection.Smime };

        var r = PolicyEngine.Decide(message, Set(), Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, Bob))).Only();

        Assert.Equal("encrypt-smime-personal", r.Treatment.Action);
        Assert.Contains("not signed again: the message already carries a S/MIME signature", r.Texts());
    }

    [Fact]
    public void The_senders_personal_certificate_signs_when_usable_else_the_organisation_certificate()
    {
        var set = Set(new OutboundRules { Sign = SignMode.PersonalIfAvailable });
        var withPersonal = Keys(OrgSigning, Usable(KeyPurpose.SignPersonal, Chef, "CHEF"));
        var revoked = Keys(OrgSigning, Bad(KeyPurpose.SignPersonal, Chef, KeyState.Revoked, "2025-02-01"));

        var a = Out(set, withPersonal, "Chef@LDS.example", Bob).Only();
        var b = Out(set, revoked, Chef, Bob).Only();

        Assert.Equal(("sign-personal", "CHEF"), (a.Treatment.Action, a.Treatment.SignWith!.KeyId));
        Assert.Equal(("sign-organisation", "ORG-LDS"), (b.Treatment.Action, b.Treatment.SignWith!.KeyId));
        Assert.Contains("key: personal signing certificate of chef@lds.example not usable: revoked 2025-02-01", b.Texts());
    }

    [Fact]
    public void No_signature_without_sign_mode_null_sender_or_usable_certificate()
    {
        var none = Out(Set(new OutboundRules { Sign = SignMode.None }), Keys(OrgSigning), Chef, Bob).Only();
        var bounce = Out(Set(), Keys(OrgSigning), "", Bob).Only();
        var expired = Out(Set(), Keys(Bad(KeyPurpose.SignOrganisation, "lds.example", KeyState.Expired, "2024-12-31")), Chef, Bob).Only();

        Assert.Equal("deliver-plain", none.Treatment.Action);
        Assert.Contains("not signed: sign=None", none.Texts());
        Assert.Equal("deliver-plain", bounce.Treatment.Action);
        Assert.Contains("not signed: null sender", bounce.Texts());
        Assert.Equal("deliver-plain", expired.Treatment.Action);
        Assert.Contains("not signed: no usable signing certificate", expired.Texts());
    }

    [Fact]
    public void Key_lookups_use_the_lower_case_address_and_domain()
    {
        var keys = Keys(Usable(KeyPurpose.EncryptPersonalSmime, "bob@x.example"));

        var r = Out(Set(), keys, Chef, "BOB@X.Example").Only();

        Assert.Equal("BOB@x.example", r.Recipient);
        Assert.Equal(EncryptionMethod.PersonalSmime, r.Treatment.Method);
        Assert.Equal("bob@x.example", r.Keys[0].Owner);
    }

    [Fact]
    public void Each_recipient_is_decided_on_its_own_and_the_message_is_split()
    {
        var keys = Keys(OrgSigning,
            Usable(KeyPurpose.EncryptPersonalSmime, "a@x.example"),
            Usable(KeyPurpose.EncryptPersonalSmime, "b@x.example"),
            Usable(KeyPurpose.EncryptDomainPgp, "y.example"));
        var set = Set(Mandatory with { OnMissingKey = MissingKeyAction.RefuseWithDsn });

        var d = Out(set, keys, Chef, "a@x.example", "c@z.example", "b@x.example", "d@y.example", "e@z.example");

        Assert.Equal(5, d.Recipients.Count);
        Assert.Collection(d.Splits,
            s => Assert.Equal(("sign-organisation+encrypt-smime-personal", "a@x.example,b@x.example"), (s.Action, string.Join(",", s.Recipients))),
            s => Assert.Equal(("refuse", "5.7.1", "c@z.example,e@z.example"), (s.Action, s.Status, string.Join(",", s.Recipients))),
            s => Assert.Equal(("sign-organisation+encrypt-pgp-domain", "d@y.example"), (s.Action, string.Join(",", s.Recipients))));
        Assert.NotEqual(d.For("a@x.example")!.Treatment.EncryptTo!.KeyId, d.For("b@x.example")!.Treatment.EncryptTo!.KeyId);
    }

    [Fact]
    public void Same_treatment_for_all_recipients_is_one_copy()
    {
        var d = Out(Set(), Keys(OrgSigning), Chef, "a@x.example", "b@y.example");

        var split = Assert.Single(d.Splits);
        Assert.Equal(["a@x.example", "b@y.example"], split.Recipients);
    }
}
