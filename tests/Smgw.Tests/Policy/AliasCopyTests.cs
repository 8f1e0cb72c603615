using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

/// <summary>
/// An alias gets one copy (the next hop expands it), so that copy must satisfy every target; one
/// envelope recipient's alias never changes another's decision; Bcc recipients of an encrypted copy
/// get their own; the splits are exactly the copies the stage makes.
/// </summary>
public class AliasCopyTests
{
    private const string Chef = "chef@lds.example";
    private const string Board = "board@x.example";
    private const string Ceo = "ceo@x.example";
    private const string Cfo = "cfo@y.example";

    private static readonly OutboundRules MandatoryRefuse = new() { Encryption = EncryptionRequirement.Mandatory, OnMissingKey = MissingKeyAction.RefuseWithDsn };

    private static PolicySet Board2(OutboundRules? cfoRules = null, params string[] targets) =>
        Set(more: P("cfo", cfoRules ?? MandatoryRefuse)) with
        {
            Addresses = [new AddressPolicy { Address = Cfo, Scope = PolicyScope.External, Policy = "cfo" }],
            Aliases = [new AliasEntry { Address = Board, Targets = targets.Length > 0 ? [.. targets] : [Ceo, Cfo] }],
        };

    [Fact]
    public void An_alias_to_a_target_without_a_key_and_a_mandatory_target_with_one_is_refused_not_sent_in_clear()
    {
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, Cfo, "CFO"));

        var d = Out(Board2(), keys, Chef, Board);

        // The targets on their own: ceo would get plain text (IfPossible, no key), cfo an encrypted copy.
        Assert.Equal("sign-organisation", d.For(Ceo)!.Treatment.Action);
        Assert.Equal("sign-organisation+encrypt-smime-personal", d.For(Cfo)!.Treatment.Action);
        // What happens: the one copy cannot be encrypted for ceo, and cfo requires encryption.
        var alias = Assert.Single(d.Envelope);
        Assert.Equal(Board, alias.Recipient);
        Assert.Equal([Ceo, Cfo], alias.Targets);
        Assert.Equal(TreatmentOutcome.Refuse, alias.Treatment.Outcome);
        Assert.Equal("5.7.1", alias.Treatment.Status);
        Assert.Equal($"alias {Board}: encryption to {Cfo} is mandatory and one copy for every target of the alias cannot be encrypted ({Ceo} has no usable key)", alias.Treatment.Reason);
        Assert.False(alias.Treatment.DeliversPlaintext);
        var split = Assert.Single(d.Splits);
        Assert.Equal([Board], split.Recipients);
        Assert.Equal("refuse", split.Action);
    }

    [Fact]
    public void With_onMissingKey_Messenger_such_an_alias_goes_to_the_Messenger()
    {
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, Cfo, "CFO"));

        var alias = Out(Board2(MandatoryRefuse with { OnMissingKey = MissingKeyAction.Messenger }), keys, Chef, Board).Envelope.Single();

        Assert.Equal(TreatmentOutcome.Messenger, alias.Treatment.Outcome);
        Assert.Contains($"encryption to {Cfo} is mandatory: marked for the Messenger (onMissingKey=Messenger)", alias.Texts());
    }

    [Fact]
    public void An_alias_whose_targets_all_have_keys_of_one_format_gets_one_copy_encrypted_to_all_of_them()
    {
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, Ceo, "CEO"), Usable(KeyPurpose.EncryptDomainSmime, "y.example", "DOM-Y"));

        var alias = Out(Board2(), keys, Chef, Board).Envelope.Single();

        Assert.Equal(TreatmentOutcome.Deliver, alias.Treatment.Outcome);
        Assert.Equal(["CEO", "DOM-Y"], alias.Treatment.RecipientKeys.Select(k => k.KeyId));
        Assert.Equal("sign-organisation+encrypt-smime-personal+encrypt-smime-domain", alias.Treatment.Action);
        Assert.Equal("ORG-LDS", alias.Treatment.SignWith!.KeyId);
    }

    [Fact]
    public void Targets_that_chose_different_formats_share_the_format_every_one_of_them_has_a_key_for()
    {
        // ceo's first choice is OpenPGP (personal OpenPGP comes before the domain certificate), cfo has S/MIME only.
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalPgp, Ceo, "CEO-PGP"), Usable(KeyPurpose.EncryptDomainSmime, "x.example", "DOM-X"),
            Usable(KeyPurpose.EncryptPersonalSmime, Cfo, "CFO"));

        var d = Out(Board2(), keys, Chef, Board);

        Assert.Equal(EncryptionMethod.PersonalPgp, d.For(Ceo)!.Treatment.Method);
        var alias = d.Envelope.Single();
        Assert.Equal(["CFO", "DOM-X"], alias.Treatment.RecipientKeys.Select(k => k.KeyId).Order());
        Assert.All(alias.Treatment.RecipientKeys, k => Assert.Contains(k.Purpose, (KeyPurpose[])[KeyPurpose.EncryptDomainSmime, KeyPurpose.EncryptPersonalSmime]));
    }

    [Fact]
    public void An_S_MIME_only_and_an_OpenPGP_only_target_cannot_share_an_encrypted_copy()
    {
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalPgp, Ceo, "CEO-PGP"), Usable(KeyPurpose.EncryptPersonalSmime, Cfo, "CFO"));

        var mandatory = Out(Board2(), keys, Chef, Board).Envelope.Single();
        Assert.Equal(TreatmentOutcome.Refuse, mandatory.Treatment.Outcome);
        Assert.Contains($"{Cfo} can only be reached with S/MIME and {Ceo} only with OpenPGP", mandatory.Treatment.Reason);

        // Nobody requires encryption: readable by both (IfPossible), and the trace says why it is not encrypted.
        var relaxed = Out(Board2(new OutboundRules()), keys, Chef, Board).Envelope.Single();
        Assert.Equal("sign-organisation", relaxed.Treatment.Action);
        Assert.Contains("no target makes encryption mandatory", relaxed.Texts());
    }

    [Fact]
    public void A_refused_target_refuses_the_alias_and_the_reason_names_both()
    {
        var alias = Out(Board2(), Keys(OrgSigning), Chef, Board).Envelope.Single();

        Assert.Equal(TreatmentOutcome.Refuse, alias.Treatment.Outcome);
        Assert.StartsWith($"alias {Board}: encryption to {Cfo} is mandatory and no usable key exists", alias.Treatment.Reason);
    }

    [Fact]
    public void One_recipients_alias_never_changes_another_recipients_decision()
    {
        // board is an alias to cfo with a strict policy of its own; cfo addressed directly has an easy one.
        var set = Set(more: P("strict", MandatoryRefuse)) with
        {
            Addresses = [new AddressPolicy { Address = Board, Scope = PolicyScope.External, Policy = "strict" }],
            Aliases = [new AliasEntry { Address = Board, Targets = [Cfo] }],
        };
        var keys = Keys(OrgSigning);

        var together = Out(set, keys, Chef, Board, Cfo);
        var alone = Out(set, keys, Chef, Cfo);

        Assert.Equal("refuse", together.ForEnvelope(Board)!.Treatment.Action);
        Assert.Equal("sign-organisation", together.ForEnvelope(Cfo)!.Treatment.Action);
        Assert.Equal(Json(alone.Envelope.Single().Treatment), Json(together.ForEnvelope(Cfo)!.Treatment));
        Assert.Equal(2, together.Splits.Count);
    }

    [Fact]
    public void An_inbound_alias_copy_is_decrypted_if_any_target_may_and_refused_if_any_target_refuses_unreadable_mail()
    {
        var set = Set(standardIn: new InboundRules { OnUnreadable = UnreadableAction.PassThrough }, more: P("strict-in", inbound: new InboundRules { OnUnreadable = UnreadableAction.Refuse, SubjectTag = "[ext]" })) with
        {
            Addresses = [new AddressPolicy { Address = "clerk@lds.example", Scope = PolicyScope.Internal, Policy = "strict-in" }],
            Aliases = [new AliasEntry { Address = "team@lds.example", Targets = ["alice@lds.example", "clerk@lds.example"] }],
        };
        var message = PolicyMessage.DryRun(MailDirection.Inbound, "lds", "bob@x.example", "team@lds.example") with { Encrypted = ContentProtection.Smime };

        var withKey = PolicyEngine.Decide(message, set, Keys(Usable(KeyPurpose.DecryptOrganisation, "lds.example", "ORG"))).Envelope.Single();
        Assert.Equal(["ORG"], withKey.Treatment.Inbound!.DecryptWith.Select(k => k.KeyId));
        Assert.Equal(UnreadableAction.Refuse, withKey.Treatment.Inbound.OnUnreadable);
        Assert.Equal("[ext]", withKey.Treatment.Inbound.SubjectTag);

        var withoutKey = PolicyEngine.Decide(message, set, Keys()).Envelope.Single();
        Assert.Equal(TreatmentOutcome.Refuse, withoutKey.Treatment.Outcome);
        Assert.Equal("5.7.5", withoutKey.Treatment.Status);
    }

    [Fact]
    public void Inbound_recipients_whose_plans_differ_get_different_copies()
    {
        // Same action words, different fallback: one recipient's policy must not decide the other's copy.
        var set = Set(standardIn: new InboundRules { OnUnreadable = UnreadableAction.PassThrough }, more: P("strict-in", inbound: new InboundRules { OnUnreadable = UnreadableAction.Refuse })) with
        {
            Addresses = [new AddressPolicy { Address = "clerk@lds.example", Scope = PolicyScope.Internal, Policy = "strict-in" }],
        };
        var message = PolicyMessage.DryRun(MailDirection.Inbound, "lds", "bob@x.example", "alice@lds.example", "clerk@lds.example") with { Encrypted = ContentProtection.Smime };

        var d = PolicyEngine.Decide(message, set, Keys(Usable(KeyPurpose.DecryptOrganisation, "lds.example", "ORG")));

        Assert.Equal(d.Envelope[0].Treatment.Action, d.Envelope[1].Treatment.Action);
        Assert.Equal(2, d.Splits.Count);
    }

    [Fact]
    public void A_hidden_recipient_of_an_encrypted_copy_gets_its_own_copy_a_plain_one_shares()
    {
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, Ceo, "CEO"), Usable(KeyPurpose.EncryptPersonalSmime, "eve@x.example", "EVE"));
        var message = PolicyMessage.DryRun(MailDirection.Outbound, "lds", Chef, Ceo, "eve@x.example") with { Hidden = ["EVE@x.example"] };

        var encrypted = PolicyEngine.Decide(message, Set(), keys);
        Assert.Equal([[Ceo], ["eve@x.example"]], encrypted.Splits.Select(s => s.Recipients));

        var plain = PolicyEngine.Decide(message, Set(), Keys(OrgSigning));
        Assert.Equal([Ceo, "eve@x.example"], Assert.Single(plain.Splits).Recipients);
    }
}
