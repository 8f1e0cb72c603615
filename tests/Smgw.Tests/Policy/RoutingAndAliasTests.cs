using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Xunit;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

/// <summary>CL-9 routing mode, case-insensitive matching, alias expansion.</summary>
public class RoutingAndAliasTests
{
    private static readonly OutboundRules MandatoryRefuse = new() { Encryption = EncryptionRequirement.Mandatory, OnMissingKey = MissingKeyAction.RefuseWithDsn };

    private static PolicySet Listed(params string[] listed) =>
        Set(MandatoryRefuse) with { Tenant = Lds(RoutingMode.ListedAddresses, listed) };

    [Fact]
    public void Outbound_from_an_unlisted_sender_passes_without_policy()
    {
        var d = Out(Listed("chef@lds.example"), Keys(), "clerk@lds.example", "a@x.example", "b@y.example");

        Assert.All(d.Recipients, r =>
        {
            Assert.False(r.Treatment.Routed);
            Assert.Equal("pass-unrouted", r.Treatment.Action);
            Assert.Null(r.Effective);
        });
        Assert.Contains(d.Trace, s => s.Text == "sender clerk@lds.example is not listed (tenant lds routes listed addresses only): passed through without policy");
        Assert.Single(d.Splits);
    }

    [Fact]
    public void Outbound_from_a_listed_sender_gets_policy_whatever_the_case()
    {
        var d = Out(Listed("Chef@LDS.example"), Keys(), "CHEF@lds.EXAMPLE", "a@x.example");

        Assert.Equal("refuse", d.Only().Treatment.Action);
        Assert.Contains(d.Trace, s => s.Text.StartsWith("sender chef@lds.example is listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Inbound_to_listed_and_unlisted_recipients_is_split()
    {
        var d = In(Listed("alice@lds.example"), Keys(), "bob@partner.example", "alice@lds.example", "clerk@lds.example", "ALICE@lds.example");

        // ALICE@ is alice@ again: recipients that differ only in case are one (docs/POLICY.md section 4).
        Assert.Equal(["alice@lds.example", "clerk@lds.example"], d.Envelope.Select(r => r.Recipient));
        Assert.True(d.For("alice@lds.example")!.Treatment.Routed);
        var clerk = d.For("clerk@lds.example")!;
        Assert.False(clerk.Treatment.Routed);
        Assert.Contains("recipient clerk@lds.example is not listed (tenant lds routes listed addresses only): passed through without policy", clerk.Texts());
        Assert.Equal(2, d.Splits.Count);
    }

    [Fact]
    public void All_users_mode_routes_everybody()
    {
        var d = Out(Set(MandatoryRefuse), Keys(), "clerk@lds.example", "a@x.example");

        Assert.True(d.Only().Treatment.Routed);
        Assert.Contains(d.Trace, s => s.Text == "tenant lds routes all users through the gateway");
    }

    [Fact]
    public void Address_and_group_policies_match_case_insensitively()
    {
        var set = Set(more: [P("strict", MandatoryRefuse), P("tag", inbound: new InboundRules { SubjectTag = "[x]" })]) with
        {
            Addresses = [new AddressPolicy { Address = "Bob.Smith@Partner.Example", Scope = PolicyScope.External, Policy = "strict" }],
            Groups = [Group("g", "internal", "tag", "ALICE@LDS.EXAMPLE")],
        };

        Assert.Equal("refuse", Out(set, Keys(), "chef@lds.example", "bob.smith@PARTNER.example").Only().Treatment.Action);
        Assert.Equal("[x]", In(set, Keys(), "x@y.example", "Alice@Lds.Example").Only().Effective!.Inbound!.SubjectTag);
    }

    [Fact]
    public void Alias_targets_keep_the_policy_of_the_alias()
    {
        var set = Set(more: P("strict", MandatoryRefuse)) with
        {
            Addresses = [new AddressPolicy { Address = "board@partner.example", Scope = PolicyScope.External, Policy = "strict" }],
            Aliases = [new AliasEntry { Address = "Board@Partner.example", Targets = ["ceo@partner.example", "cfo@gmail.example"] }],
        };
        var keys = Keys(OrgSigning, Usable(KeyPurpose.EncryptPersonalSmime, "ceo@partner.example"));

        var d = Out(set, keys, "chef@lds.example", "board@partner.example");

        Assert.Equal(["ceo@partner.example", "cfo@gmail.example"], d.Recipients.Select(r => r.Recipient));
        Assert.Equal("sign-organisation+encrypt-smime-personal", d.For("ceo@partner.example")!.Treatment.Action);
        var cfo = d.For("cfo@gmail.example")!;
        Assert.Equal(["board@partner.example"], cfo.Via);
        Assert.Equal("refuse", cfo.Treatment.Action);
        Assert.Equal("board@partner.example", cfo.Effective!.OriginOf("encryption")!.Via);
        Assert.Contains("encryption=Mandatory from the policy of board@partner.example (stricter than IfPossible)", cfo.Texts());
        Assert.Contains(d.Trace, s => s.Text == "alias board@partner.example expands to ceo@partner.example, cfo@gmail.example");
    }

    [Fact]
    public void A_target_keeps_its_own_stricter_policy()
    {
        var set = Set(more: P("strict", MandatoryRefuse)) with
        {
            Addresses = [new AddressPolicy { Address = "ceo@partner.example", Scope = PolicyScope.External, Policy = "strict" }],
            Aliases = [new AliasEntry { Address = "info@partner.example", Targets = ["ceo@partner.example"] }],
        };

        var r = Out(set, Keys(), "chef@lds.example", "info@partner.example").Only();

        Assert.Equal("refuse", r.Treatment.Action);
        Assert.Equal("", r.Effective!.OriginOf("encryption")!.Via);
    }

    [Fact]
    public void Refusal_of_an_alias_beats_the_Messenger_of_its_target()
    {
        var set = Set(more: [P("strict", MandatoryRefuse), P("messenger", MandatoryRefuse with { OnMissingKey = MissingKeyAction.Messenger })]) with
        {
            Addresses = [
                new AddressPolicy { Address = "list@x.example", Scope = PolicyScope.External, Policy = "strict" },
                new AddressPolicy { Address = "m@x.example", Scope = PolicyScope.External, Policy = "messenger" }],
            Aliases = [new AliasEntry { Address = "list@x.example", Targets = ["m@x.example"] }],
        };

        var r = Out(set, Keys(), "chef@lds.example", "list@x.example").Only();

        Assert.Equal("refuse", r.Treatment.Action);
        Assert.Contains("onMissingKey=RefuseWithDsn from the policy of list@x.example", r.Texts());
    }

    [Fact]
    public void Inbound_alias_of_a_listed_address_does_not_escape_policy()
    {
        var set = Set() with
        {
            Tenant = Lds(RoutingMode.ListedAddresses, "poststelle@lds.example"),
            Aliases = [new AliasEntry { Address = "poststelle@lds.example", Targets = ["clerk@lds.example"] }],
        };

        var r = In(set, Keys(), "bob@partner.example", "Poststelle@lds.example").Only();

        Assert.Equal("clerk@lds.example", r.Recipient);
        Assert.True(r.Treatment.Routed);
        Assert.Equal(["Poststelle@lds.example"], r.Via);
    }

    [Fact]
    public void Loops_stop_and_duplicates_are_delivered_once()
    {
        var set = Set() with
        {
            Aliases = [
                new AliasEntry { Address = "a@x.example", Targets = ["b@x.example", "c@x.example"] },
                new AliasEntry { Address = "b@x.example", Targets = ["a@x.example", "c@x.example"] }],
        };

        var d = Out(set, Keys(), "chef@lds.example", "a@x.example", "c@x.example");

        // Expanded per envelope recipient: the alias a reaches a (the loop) and c, each once; c addressed directly is decided on its own.
        Assert.Equal(["a@x.example", "c@x.example", "c@x.example"], d.Recipients.Select(r => r.Recipient));
        Assert.Equal(["a@x.example", "b@x.example"], d.Recipients[1].Via);
        Assert.Empty(d.Recipients[2].Via);
        Assert.Equal(["a@x.example", "c@x.example"], d.Envelope.Select(r => r.Recipient));
        Assert.Equal(["a@x.example", "c@x.example"], d.Envelope[0].Targets);
        Assert.Contains(d.Trace, s => s.Text.Contains("alias expansion stops at a@x.example (loop)", StringComparison.Ordinal));
    }
}
