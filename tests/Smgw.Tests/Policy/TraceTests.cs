using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Policy;
using Xunit;
using Xunit.Abstractions;

namespace Smgw.Tests.Policy;

public class TraceTests(ITestOutputHelper output)
{
    [Fact]
    public void Worked_example_decides_and_explains_every_recipient()
    {
        var d = PolicyEngine.Decide(WorkedExample.Message, WorkedExample.Policies, WorkedExample.Keys);
        output.WriteLine(PolicyDecisionText.Render(d));

        var bob = d.For("bob@x.example")!;
        Assert.Equal(("refuse", "5.7.1"), (bob.Treatment.Action, bob.Treatment.Status));
        Assert.Equal(
            [
                "routing: tenant lds routes all users through the gateway",
                "rule: standard rules 'standard' v3 set outbound.sign=Organisation",
                "rule: standard rules 'standard' v3 set outbound.encryption=IfPossible",
                "rule: standard rules 'standard' v3 set outbound.methods=[PersonalSmime, PersonalPgp, DomainSmime, DomainPgp]",
                "rule: standard rules 'standard' v3 set outbound.onMissingKey=Messenger",
                "rule: tenant lds deviation 'lds-abweichungen' v2 set outbound.sign=PersonalIfAvailable",
                "rule: group lds/vorstand (internal, sender chef@lds.example) 'vertraulich' v1 set outbound.encryption=Mandatory",
                "rule: address bob@x.example (external, recipient) 'nur-pgp' v1 set outbound.methods=[PersonalPgp]",
                "rule: address bob@x.example (external, recipient) 'nur-pgp' v1 set outbound.onMissingKey=RefuseWithDsn",
                "key: personal OpenPGP key of bob@x.example not usable: revoked 2025-03-01",
                "choice: no usable key and encryption=Mandatory: refused (onMissingKey=RefuseWithDsn)",
                "action: refuse 5.7.1 encryption to bob@x.example is mandatory and no usable key exists (personal OpenPGP key of bob@x.example not usable: revoked 2025-03-01)",
            ],
            d.Trace.Concat(bob.Trace).Select(s => s.ToString()));

        var amt = d.For("amt@smul.example")!;
        Assert.Equal("sign-personal+encrypt-smime-personal", amt.Treatment.Action);
        Assert.Contains("key: domain certificate of smul.example not usable: expired 2025-01-01", amt.Texts());
        Assert.Equal(PolicyLevel.Group, amt.Effective!.OriginOf("methods")!.Level);

        var carol = d.For("carol@z.example")!;
        Assert.Equal(TreatmentOutcome.Messenger, carol.Treatment.Outcome);
        Assert.Equal(4, carol.Keys.Count);

        Assert.Equal(["refuse", "sign-personal+encrypt-smime-personal", "messenger"], d.Splits.Select(s => s.Action));
    }

    [Fact]
    public void Trace_steps_have_kinds_in_order_rule_key_choice_action()
    {
        var d = PolicyEngine.Decide(WorkedExample.Message, WorkedExample.Policies, WorkedExample.Keys);

        var kinds = d.For("amt@smul.example")!.Trace.Select(s => s.Kind).Distinct().ToList();

        Assert.Equal([TraceStepKind.Rule, TraceStepKind.Key, TraceStepKind.Choice, TraceStepKind.Action], kinds);
        Assert.Equal(TraceStepKind.Action, d.Recipients.Select(r => r.Trace[^1].Kind).Distinct().Single());
    }

    [Fact]
    public void Dry_run_renders_what_would_happen_to_a_message_from_X_to_Y()
    {
        var message = Smgw.Interfaces.Policy.PolicyMessage.DryRun(Smgw.Interfaces.Models.MailDirection.Outbound, "lds", "chef@lds.example", "carol@z.example");

        var text = PolicyDecisionText.Render(PolicyEngine.Decide(message, WorkedExample.Policies, WorkedExample.Keys));

        Assert.True(message.IsDryRun);
        Assert.StartsWith("dry run: outbound, tenant lds, from <chef@lds.example>\n", text);
        Assert.Contains("recipient <carol@z.example>: messenger\n", text);
        Assert.Contains("  rule: group lds/vorstand (internal, sender chef@lds.example) 'vertraulich' v1 set outbound.encryption=Mandatory\n", text);
        Assert.EndsWith("one copy:\n  1. messenger: carol@z.example\n", text);
    }

    [Fact]
    public void A_queued_message_is_rendered_with_its_queue_id()
    {
        var envelope = new Smgw.Interfaces.Models.MessageEnvelope
        {
            QueueId = "0197ABCDEF",
            Direction = Smgw.Interfaces.Models.MailDirection.Outbound,
            TenantId = "lds",
            Sender = "chef@lds.example",
            Recipients = ["carol@z.example", "bob@x.example"],
        };

        var message = PolicyMessage.From(envelope, ContentProtection.None, ContentProtection.None, ["carol@z.example"]);
        var text = PolicyDecisionText.Render(PolicyEngine.Decide(message, WorkedExample.Policies, WorkedExample.Keys));

        Assert.False(message.IsDryRun);
        Assert.StartsWith("message 0197ABCDEF: outbound", text);
        Assert.Equal(["carol@z.example"], message.Recipients);
    }
}
