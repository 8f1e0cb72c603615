using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

public class InboundDecisionTests
{
    private const string Alice = "alice@lds.example";
    private const string Bob = "bob@partner.example";

    private static RecipientDecision Decide(PolicySet set, IKeyDirectory keys, ContentProtection encrypted, ContentProtection signed = ContentProtection.None, string to = Alice) =>
        PolicyEngine.Decide(PolicyMessage.DryRun(MailDirection.Inbound, "lds", Bob, to) with { Encrypted = encrypted, Signed = signed }, set, keys).Only();

    [Fact]
    public void Smime_mail_is_decrypted_with_the_allowed_usable_keys_in_order()
    {
        var keys = Keys(Usable(KeyPurpose.DecryptOrganisation, "lds.example", "ORG"), Usable(KeyPurpose.DecryptPersonalSmime, Alice, "ALICE"),
            Usable(KeyPurpose.DecryptDomainPgp, "lds.example"));

        var r = Decide(Set(), keys, ContentProtection.Smime, ContentProtection.Smime);

        Assert.Equal("decrypt-smime+verify+harvest+stamp", r.Treatment.Action);
        Assert.Equal(["ORG", "ALICE"], r.Treatment.Inbound!.DecryptWith.Select(k => k.KeyId));
        Assert.DoesNotContain(r.Keys, k => k.Purpose == KeyPurpose.DecryptDomainPgp); // PGP keys are not asked for S/MIME mail
    }

    [Fact]
    public void Only_the_key_kinds_the_policy_allows_are_used()
    {
        var set = Set(standardIn: new InboundRules { DecryptWith = [DecryptionKey.PersonalPgp] });
        var keys = Keys(Usable(KeyPurpose.DecryptDomainPgp, "lds.example"), Usable(KeyPurpose.DecryptPersonalPgp, Alice, "ALICE-PGP"));

        var r = Decide(set, keys, ContentProtection.OpenPgp);

        Assert.Equal("ALICE-PGP", Assert.Single(r.Treatment.Inbound!.DecryptWith).KeyId);
        Assert.StartsWith("decrypt-pgp", r.Treatment.Action);
    }

    [Fact]
    public void Unreadable_mail_is_refused_with_5_7_5_by_default()
    {
        var r = Decide(Set(), Keys(Bad(KeyPurpose.DecryptOrganisation, "lds.example", KeyState.Expired, "2025-01-01")), ContentProtection.Smime);

        Assert.Equal(TreatmentOutcome.Refuse, r.Treatment.Outcome);
        Assert.Equal(PolicyStatusCodes.Undecryptable, r.Treatment.Status);
        Assert.Equal("5.7.5", r.Treatment.Status);
        Assert.Contains("holds no usable key to decrypt it for alice@lds.example", r.Treatment.Reason);
        Assert.Contains("key: organisation certificate (decryption) of lds.example not usable: expired 2025-01-01", r.Texts());
    }

    [Fact]
    public void Unreadable_mail_passes_still_encrypted_when_the_policy_says_so()
    {
        var set = Set(standardIn: new InboundRules { OnUnreadable = UnreadableAction.PassThrough });

        var r = Decide(set, Keys(), ContentProtection.OpenPgp);

        Assert.Equal(TreatmentOutcome.Deliver, r.Treatment.Outcome);
        Assert.True(r.Treatment.Inbound!.Unreadable);
        Assert.StartsWith("pass-encrypted", r.Treatment.Action);
        Assert.Contains("cannot decrypt: delivered still encrypted (onUnreadable=PassThrough)", r.Texts());
    }

    [Fact]
    public void An_empty_decryption_key_list_means_no_decryption()
    {
        var set = Set(standardIn: new InboundRules { DecryptWith = [], OnUnreadable = UnreadableAction.PassThrough });

        var r = Decide(set, Keys(Usable(KeyPurpose.DecryptOrganisation, "lds.example")), ContentProtection.Smime);

        Assert.Empty(r.Keys);
        Assert.True(r.Treatment.Inbound!.Unreadable);
        Assert.Contains("no key may decrypt S/MIME mail (decryptWith=[])", r.Texts());
    }

    [Fact]
    public void Stamping_tagging_and_harvesting_follow_the_policy()
    {
        var set = Set(standardIn: new InboundRules { SubjectTag = "[extern]", StampHeaders = false, Verify = false, HarvestKeys = true });

        var r = Decide(set, Keys(), ContentProtection.None, ContentProtection.Smime);

        var plan = r.Treatment.Inbound!;
        Assert.Equal(("[extern]", false, false, false), (plan.SubjectTag, plan.StampHeaders, plan.Verify, plan.HarvestKeys));
        Assert.Equal("tag([extern])", r.Treatment.Action);
        Assert.Contains("keys are only harvested from verified signatures", r.Texts());
    }

    [Fact]
    public void External_groups_match_the_sender_and_internal_groups_the_recipient_inbound()
    {
        var set = Set(more: [
                P("partner-in", inbound: new InboundRules { SubjectTag = "[partner]" }),
                P("vorstand-in", inbound: new InboundRules { OnUnreadable = UnreadableAction.PassThrough })])
            with { Groups = [Group("partner", "external", "partner-in", "@partner.example"), Group("vorstand", "internal", "vorstand-in", Alice)] };

        var e = Decide(set, Keys(), ContentProtection.None).Effective!;

        Assert.Equal("[partner]", e.Inbound!.SubjectTag);
        Assert.Equal(UnreadableAction.PassThrough, e.Inbound.OnUnreadable);
        Assert.Equal("lds/vorstand", e.OriginOf("onUnreadable")!.Scope);
    }

    [Fact]
    public void Plain_mail_is_delivered_with_the_plan()
    {
        var r = Decide(Set(), Keys(), ContentProtection.None);

        Assert.Equal("verify+harvest+stamp", r.Treatment.Action);
        Assert.Empty(r.Keys);
    }
}
