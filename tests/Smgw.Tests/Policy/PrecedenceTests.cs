using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Policy;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

/// <summary>Built-in → standard → tenant → group → address; field-wise, unset inherits; per direction.</summary>
public class PrecedenceTests
{
    private const string Chef = "chef@lds.example";
    private const string Bob = "bob@partner.example";

    [Fact]
    public void Standard_rules_alone_decide()
    {
        var set = Set(new OutboundRules { Encryption = EncryptionRequirement.Mandatory, OnMissingKey = MissingKeyAction.RefuseWithDsn });

        var r = Out(set, Keys(), Chef, Bob).Only();

        Assert.Equal(EncryptionRequirement.Mandatory, r.Effective!.Outbound!.Encryption);
        var origin = r.Effective.OriginOf("encryption")!;
        Assert.Equal(PolicyLevel.Standard, origin.Level);
        Assert.Equal(("standard", 3), (origin.Policy, origin.Version));
        Assert.Equal(TreatmentOutcome.Refuse, r.Treatment.Outcome);
    }

    [Fact]
    public void Fields_no_level_sets_come_from_the_built_in_defaults()
    {
        var r = Out(Set(), Keys(), Chef, Bob).Only();

        Assert.Equal(Json(BuiltInPolicy.Outbound), Json(r.Effective!.Outbound));
        Assert.All(r.Effective.Origins, o => Assert.Equal(PolicyLevel.BuiltIn, o.Level));
        Assert.Contains("built-in default outbound.encryption=IfPossible (no level sets it)", r.Texts());
    }

    [Fact]
    public void Tenant_deviation_overrides_one_field_and_inherits_the_others()
    {
        var set = Set(new OutboundRules { Sign = SignMode.Organisation, Encryption = EncryptionRequirement.IfPossible },
                more: P("lds-abw", new OutboundRules { Sign = SignMode.PersonalIfAvailable }, version: 2))
            with { TenantPolicy = "lds-abw" };

        var e = Out(set, Keys(), Chef, Bob).Only().Effective!;

        Assert.Equal(SignMode.PersonalIfAvailable, e.Outbound!.Sign);
        Assert.Equal(PolicyLevel.Tenant, e.OriginOf("sign")!.Level);
        Assert.Equal("lds", e.OriginOf("sign")!.Scope);
        Assert.Equal(EncryptionRequirement.IfPossible, e.Outbound.Encryption);
        Assert.Equal(PolicyLevel.Standard, e.OriginOf("encryption")!.Level);
    }

    [Fact]
    public void Internal_group_of_the_sender_overrides_the_tenant()
    {
        var set = Set(more: [
                P("lds-abw", new OutboundRules { Encryption = EncryptionRequirement.None }),
                P("vertraulich", new OutboundRules { Encryption = EncryptionRequirement.Mandatory })])
            with { TenantPolicy = "lds-abw", Groups = [Group("vorstand", "internal", "vertraulich", "chef@lds.example")] };

        var chef = Out(set, Keys(), Chef, Bob).Only();
        var other = Out(set, Keys(), "sachbearbeiter@lds.example", Bob).Only();

        Assert.Equal(EncryptionRequirement.Mandatory, chef.Effective!.Outbound!.Encryption);
        Assert.Equal(("lds/vorstand", PolicyLevel.Group), (chef.Effective.OriginOf("encryption")!.Scope, chef.Effective.OriginOf("encryption")!.Level));
        Assert.Equal(EncryptionRequirement.None, other.Effective!.Outbound!.Encryption);
    }

    [Fact]
    public void External_group_matches_recipients_by_address_or_whole_domain()
    {
        var set = Set(more: P("pgp", new OutboundRules { Methods = [EncryptionMethod.PersonalPgp] }))
            with { Groups = [Group("partner", "external", "pgp", "@partner.example", "eve@elsewhere.example")] };

        var d = Out(set, Keys(), Chef, Bob, "eve@elsewhere.example", "mallory@elsewhere.example");

        Assert.Equal([EncryptionMethod.PersonalPgp], d.For(Bob)!.Effective!.Outbound!.Methods);
        Assert.Equal([EncryptionMethod.PersonalPgp], d.For("eve@elsewhere.example")!.Effective!.Outbound!.Methods);
        Assert.Equal(BuiltInPolicy.Outbound.Methods, d.For("mallory@elsewhere.example")!.Effective!.Outbound!.Methods);
    }

    [Fact]
    public void Group_kind_decides_which_party_it_matches()
    {
        // An internal group listing an outside address does not match it as a recipient.
        var set = Set(more: P("strict", new OutboundRules { Encryption = EncryptionRequirement.Mandatory }))
            with { Groups = [Group("wrong", "internal", "strict", Bob)] };

        Assert.Equal(EncryptionRequirement.IfPossible, Out(set, Keys(), Chef, Bob).Only().Effective!.Outbound!.Encryption);
    }

    [Fact]
    public void Single_address_overrides_the_group()
    {
        var set = Set(more: [
                P("partner", new OutboundRules { Encryption = EncryptionRequirement.IfPossible }),
                P("bob", new OutboundRules { Encryption = EncryptionRequirement.Mandatory })])
            with
            {
                Groups = [Group("partner", "external", "partner", "@partner.example")],
                Addresses = [new AddressPolicy { Address = Bob, Scope = PolicyScope.External, Policy = "bob" }],
            };

        var e = Out(set, Keys(), Chef, Bob).Only().Effective!;

        Assert.Equal(EncryptionRequirement.Mandatory, e.Outbound!.Encryption);
        Assert.Equal((PolicyLevel.Address, "bob@partner.example"), (e.OriginOf("encryption")!.Level, e.OriginOf("encryption")!.Scope));
    }

    [Fact]
    public void At_each_level_the_recipient_side_is_applied_after_the_sender_side()
    {
        var set = Set(more: [
                P("sender-side", new OutboundRules { Encryption = EncryptionRequirement.Mandatory, Sign = SignMode.PersonalIfAvailable }),
                P("recipient-side", new OutboundRules { Encryption = EncryptionRequirement.IfPossible })])
            with
            {
                Addresses = [
                    new AddressPolicy { Address = Bob, Scope = PolicyScope.External, Policy = "recipient-side" },
                    new AddressPolicy { Address = Chef, Scope = PolicyScope.Internal, Policy = "sender-side" }],
            };

        var e = Out(set, Keys(), Chef, Bob).Only().Effective!;

        Assert.Equal(EncryptionRequirement.IfPossible, e.Outbound!.Encryption);
        Assert.Equal(SignMode.PersonalIfAvailable, e.Outbound.Sign);
    }

    [Fact]
    public void Inbound_and_outbound_rules_are_independent()
    {
        var set = Set(new OutboundRules { Encryption = EncryptionRequirement.IfPossible }, new InboundRules { Verify = true },
                P("lds-abw", inbound: new InboundRules { Verify = false, SubjectTag = "[extern]" }),
                P("out-only", new OutboundRules { Encryption = EncryptionRequirement.Mandatory }))
            with
            {
                TenantPolicy = "lds-abw",
                Addresses = [new AddressPolicy { Address = Chef, Scope = PolicyScope.Internal, Policy = "out-only" }],
            };

        var outbound = Out(set, Keys(), Chef, Bob).Only().Effective!;
        var inbound = In(set, Keys(), Bob, Chef).Only().Effective!;

        Assert.Equal(EncryptionRequirement.Mandatory, outbound.Outbound!.Encryption);
        Assert.Null(outbound.Inbound);
        Assert.False(inbound.Inbound!.Verify);
        Assert.Equal("[extern]", inbound.Inbound.SubjectTag);
        Assert.Null(inbound.Outbound);
        Assert.DoesNotContain(inbound.Origins, o => o.Policy == "out-only");
    }

    [Fact]
    public void The_highest_version_of_a_policy_is_in_force()
    {
        var set = Set(more: [
                P("lds-abw", new OutboundRules { Encryption = EncryptionRequirement.Mandatory }, version: 2),
                P("lds-abw", new OutboundRules { Encryption = EncryptionRequirement.None }, version: 1)])
            with { TenantPolicy = "LDS-ABW" };

        var origin = Out(set, Keys(), Chef, Bob).Only().Effective!.OriginOf("encryption")!;

        Assert.Equal(("lds-abw", 2, "Mandatory"), (origin.Policy, origin.Version, origin.Value));
    }

    [Fact]
    public void A_missing_policy_defers_the_recipient_instead_of_applying_a_weaker_one()
    {
        var set = Set() with { Groups = [Group("vorstand", "internal", "does-not-exist", Chef)] };

        var r = Out(set, Keys(OrgSigning), Chef, Bob).Only();

        Assert.Equal(TreatmentOutcome.Defer, r.Treatment.Outcome);
        Assert.Equal("4.3.5", r.Treatment.Status);
        Assert.Contains("policy 'does-not-exist' referred to by group lds/vorstand", r.Treatment.Reason);
        Assert.Contains(r.Trace, s => s.Kind == TraceStepKind.Error);
        Assert.Null(r.Effective);
    }

    [Fact]
    public void Without_standard_rules_or_tenant_the_built_in_defaults_apply()
    {
        var set = new PolicySet();

        var r = PolicyEngine_Decide(set);

        Assert.Equal(Json(BuiltInPolicy.Outbound), Json(r.Effective!.Outbound));

        static RecipientDecision PolicyEngine_Decide(PolicySet set) =>
            Smgw.Grains.Policy.Decisions.PolicyEngine.Decide(
                PolicyMessage.DryRun(Smgw.Interfaces.Models.MailDirection.Outbound, "", "", Bob), set, Keys()).Only();
    }
}
