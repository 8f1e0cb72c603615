using CsCheck;
using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Xunit;
using Xunit.Abstractions;

namespace Smgw.Tests.Policy;

/// <summary>
/// Properties over random policy sets, key availabilities, recipients and message flags: mandatory
/// encryption never yields plaintext, aliases do not escape it, and a recipient's decision does not
/// depend on the other recipients.
/// </summary>
public class PolicyPropertyTests(ITestOutputHelper output)
{
    private const long Iterations = 3_000;

    private static readonly string[] Internal = ["chef@lds.example", "Chef@LDS.example", "clerk@lds.example", "alice@lds.example"];
    private static readonly string[] External = ["bob@x.example", "BOB@X.example", "carol@y.example", "dave@z.example", "eve@x.example", "Eve@x.EXAMPLE"];
    private static readonly string[] Everyone = [.. Internal, .. External];
    private static readonly string[] Owners = ["chef@lds.example", "clerk@lds.example", "alice@lds.example", "bob@x.example", "carol@y.example", "dave@z.example", "eve@x.example", "lds.example", "x.example", "y.example", "z.example"];
    private static readonly string[] PolicyNames = ["p0", "p1", "p2", "p3"];

    private static Gen<List<T>?> OptionalList<T>(Gen<T> element) =>
        Gen.Select(Gen.Int[0, 2], element.Array[0, 4], (n, items) => n == 0 ? null : items.ToList());

    private static readonly Gen<OutboundRules> OutboundGen = Gen.Select(
        Gen.Nullable(Gen.Enum<SignMode>(), 0.5),
        Gen.Nullable(Gen.Enum<EncryptionRequirement>(), 0.4),
        OptionalList(Gen.Enum<EncryptionMethod>()),
        Gen.Nullable(Gen.Enum<MissingKeyAction>(), 0.5),
        (sign, encryption, methods, onMissing) => new OutboundRules { Sign = sign, Encryption = encryption, Methods = methods, OnMissingKey = onMissing });

    private static readonly Gen<InboundRules> InboundGen = Gen.Select(
        OptionalList(Gen.Enum<DecryptionKey>()),
        Gen.Nullable(Gen.Bool, 0.5),
        Gen.Nullable(Gen.Bool, 0.5),
        Gen.Null(Gen.OneOf("", "[extern]"), 0.5),
        Gen.Nullable(Gen.Bool, 0.5),
        Gen.Nullable(Gen.Enum<UnreadableAction>(), 0.5),
        Gen.Nullable(Gen.Bool, 0.7),
        (decrypt, verify, stamp, tag, harvest, unreadable, weak) => new InboundRules
        {
            DecryptWith = decrypt,
            Verify = verify,
            StampHeaders = stamp,
            SubjectTag = tag,
            HarvestKeys = harvest,
            OnUnreadable = unreadable,
            AcceptWeakDigests = weak,
        });

    private static readonly Gen<PolicyDefinition[]> DefinitionsGen =
        Gen.Select(OutboundGen, InboundGen, Gen.Int[1, 3], (o, i, v) => (o, i, v)).Array[PolicyNames.Length]
            .Select(parts => parts.Select((p, n) => new PolicyDefinition { Name = PolicyNames[n], Version = p.v, Outbound = p.o, Inbound = p.i }).ToArray());

    private static readonly Gen<PolicyGroupConfig> GroupGen = Gen.Select(
        Gen.Int[0, 99], Gen.OneOf("internal", "external"), Gen.OneOf(PolicyNames), Gen.OneOf([.. Everyone, "@x.example", "@lds.example"]).Array[1, 3],
        (id, kind, policy, members) => new PolicyGroupConfig { Id = $"lds/g{id}", TenantId = "lds", Name = $"g{id}", Kind = kind, Policy = policy, Members = members.ToList() });

    private static readonly Gen<AddressPolicy> AddressGen = Gen.Select(
        Gen.OneOf(Everyone), Gen.Enum<PolicyScope>(), Gen.OneOf(PolicyNames),
        (address, scope, policy) => new AddressPolicy { Address = address, Scope = scope, Policy = policy });

    private static readonly Gen<AliasEntry> AliasGen = Gen.Select(
        Gen.OneOf(Everyone), Gen.OneOf(Everyone).Array[1, 3],
        (address, targets) => new AliasEntry { Address = address, Targets = targets.ToList() });

    private static Gen<PolicySet> SetGen(bool aliases) => Gen.Select(
        DefinitionsGen,
        Gen.OneOf("", "p0"),
        Gen.OneOf("", "p1"),
        GroupGen.Array[0, 3],
        AddressGen.Array[0, 4],
        aliases ? AliasGen.Array[0, 3] : Gen.Const(Array.Empty<AliasEntry>()),
        Gen.Select(Gen.Enum<RoutingMode>(), Gen.OneOf(Internal).Array[0, 3], (mode, listed) => new TenantConfig
        {
            Id = "lds",
            Domains = ["lds.example"],
            RoutingMode = mode,
            ListedAddresses = listed.ToList(),
        }),
        (definitions, standard, tenantPolicy, groups, addresses, aliasEntries, tenant) => new PolicySet
        {
            Policies = definitions,
            StandardPolicy = standard,
            TenantPolicy = tenantPolicy,
            Tenant = tenant,
            Groups = groups,
            Addresses = addresses,
            Aliases = aliasEntries,
        });

    private static readonly Gen<InMemoryKeyDirectory> KeysGen =
        Gen.Frequency((3, Gen.Const(KeyState.Missing)), (2, Gen.Const(KeyState.Usable)), (1, Gen.Enum<KeyState>()))
            .Array[Owners.Length * Enum.GetValues<KeyPurpose>().Length]
            .Select(states =>
            {
                var keys = new InMemoryKeyDirectory();
                var n = 0;
                foreach (var owner in Owners)
                {
                    foreach (var purpose in Enum.GetValues<KeyPurpose>())
                    {
                        keys.Add(new KeyStatus { Purpose = purpose, Owner = owner, State = states[n++], KeyId = $"{purpose}/{owner}", Detail = "2025-01-01" });
                    }
                }
                return keys;
            });

    private static Gen<PolicyMessage> MessageGen(MailDirection? direction) => Gen.Select(
        direction is { } d ? Gen.Const(d) : Gen.Enum<MailDirection>(),
        Gen.OneOf([.. Everyone, ""]),
        Gen.OneOf(Everyone).Array[1, 5],
        Gen.Enum<ContentProtection>(),
        Gen.Enum<ContentProtection>(),
        (dir, sender, recipients, encrypted, signed) => new PolicyMessage
        {
            Direction = dir,
            TenantId = "lds",
            Sender = sender,
            Recipients = recipients.ToList(),
            Encrypted = encrypted,
            Signed = signed,
        });

    private static string Print(PolicySet set, InMemoryKeyDirectory keys, PolicyMessage message) =>
        System.Text.Json.JsonSerializer.Serialize(new { message, set, keys = keys.All.Where(k => k.Usable).Select(k => k.KeyId) });

    [Fact]
    public void Mandatory_encryption_never_yields_plaintext()
    {
        Gen.Select(SetGen(aliases: true), KeysGen, MessageGen(MailDirection.Outbound)).Sample((set, keys, message) =>
        {
            var decision = PolicyEngine.Decide(message, set, keys);
            foreach (var r in decision.Recipients)
            {
                var oracle = OwnAddressPolicySaysMandatory(set, r);
                if (r.Effective?.Outbound?.Encryption == EncryptionRequirement.Mandatory || (oracle && r.Treatment.Routed))
                {
                    Assert.False(r.Treatment.DeliversPlaintext, $"{r.Recipient}: {r.Treatment.Action}");
                    Assert.True(
                        r.Treatment.Outcome is TreatmentOutcome.Messenger or TreatmentOutcome.Refuse or TreatmentOutcome.Defer
                        || r.Treatment.Method is not null || r.Treatment.AlreadyEncrypted,
                        $"{r.Recipient}: {r.Treatment.Action}");
                }
                if (oracle && r.Treatment.Routed && r.Treatment.Outcome != TreatmentOutcome.Defer)
                {
                    // The single-address level is the last one applied, and aliases only make fields stricter.
                    Assert.Equal(EncryptionRequirement.Mandatory, r.Effective!.Outbound!.Encryption);
                }
            }
        }, iter: Iterations, print: t => Print(t.Item1, t.Item2, t.Item3), writeLine: output.WriteLine);
    }

    /// <summary>Independently of the engine: the last external single-address policy of the recipient, or of an alias it came through, sets Mandatory.</summary>
    private static bool OwnAddressPolicySaysMandatory(PolicySet set, RecipientDecision r) =>
        r.Via.Prepend(r.Recipient).Any(address =>
            set.Addresses
                .Where(a => a.Scope == PolicyScope.External && string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase))
                .Select(a => set.Policies.Where(p => p.Name == a.Policy).MaxBy(p => p.Version)?.Outbound.Encryption)
                .LastOrDefault(e => e is not null) == EncryptionRequirement.Mandatory);

    [Fact]
    public void A_recipients_decision_does_not_depend_on_the_other_recipients()
    {
        Gen.Select(SetGen(aliases: false), KeysGen, MessageGen(direction: null)).Sample((set, keys, message) =>
        {
            var together = PolicyEngine.Decide(message, set, keys);
            foreach (var r in together.Recipients)
            {
                var alone = PolicyEngine.Decide(message with { Recipients = [r.Recipient] }, set, keys).Recipients.Single();

                Assert.Equal(Json(r.Treatment), Json(alone.Treatment));
                Assert.Equal(Json(r.Effective), Json(alone.Effective));
                Assert.Equal(Json(r.Trace), Json(alone.Trace));
            }
            Assert.Equal(together.Envelope.Count, together.Splits.Sum(s => s.Recipients.Count));
        }, iter: Iterations, print: t => Print(t.Item1, t.Item2, t.Item3), writeLine: output.WriteLine);
    }

    [Fact]
    public void What_is_delivered_to_an_envelope_recipient_never_is_plaintext_when_any_of_its_targets_requires_encryption()
    {
        Gen.Select(SetGen(aliases: true), KeysGen, MessageGen(MailDirection.Outbound)).Sample((set, keys, message) =>
        {
            var decision = PolicyEngine.Decide(message, set, keys);
            foreach (var e in decision.Envelope)
            {
                var targets = PolicyEngine.Decide(message with { Recipients = [e.Recipient] }, set, keys).Recipients;
                if (targets.Any(t => t.Effective?.Outbound?.Encryption == EncryptionRequirement.Mandatory || (OwnAddressPolicySaysMandatory(set, t) && t.Treatment.Routed)))
                {
                    Assert.False(e.Treatment.DeliversPlaintext, $"{e.Recipient}: {e.Treatment.Action}");
                }
                if (e.Treatment.Outcome == TreatmentOutcome.Deliver && e.Treatment.Method is not null)
                {
                    // Encrypted to every target: each one's key (or its domain's) is in the copy.
                    var owners = e.Treatment.RecipientKeys.Select(k => k.Owner).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    Assert.All(targets, t => Assert.True(
                        owners.Contains(t.Recipient.ToLowerInvariant()) || owners.Contains(t.Recipient[(t.Recipient.LastIndexOf('@') + 1)..].ToLowerInvariant()),
                        $"{e.Recipient}: no key of {t.Recipient} in the copy"));
                }
            }
        }, iter: Iterations, print: t => Print(t.Item1, t.Item2, t.Item3), writeLine: output.WriteLine);
    }

    [Fact]
    public void An_envelope_recipients_decision_does_not_depend_on_the_other_recipients_even_with_aliases()
    {
        Gen.Select(SetGen(aliases: true), KeysGen, MessageGen(direction: null)).Sample((set, keys, message) =>
        {
            var together = PolicyEngine.Decide(message, set, keys);
            foreach (var e in together.Envelope)
            {
                var alone = PolicyEngine.Decide(message with { Recipients = [e.Recipient] }, set, keys).Envelope.Single();
                Assert.Equal(Json(alone.Treatment), Json(e.Treatment));
                Assert.Equal(Json(alone.Trace), Json(e.Trace));
            }
            // Every envelope recipient is in exactly one copy, and the recipients that differ only in case are one.
            Assert.Equal(message.Recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count(), together.Envelope.Count);
            Assert.Equal(together.Envelope.Select(e => e.Recipient).Order(), together.Splits.SelectMany(s => s.Recipients).Order());
        }, iter: Iterations, print: t => Print(t.Item1, t.Item2, t.Item3), writeLine: output.WriteLine);
    }

    [Fact]
    public void Inbound_unreadable_mail_is_decrypted_refused_or_passed_as_the_policy_says()
    {
        Gen.Select(SetGen(aliases: true), KeysGen, MessageGen(MailDirection.Inbound)).Sample((set, keys, message) =>
        {
            foreach (var r in PolicyEngine.Decide(message, set, keys).Recipients.Where(r => r.Effective is not null))
            {
                var plan = r.Treatment.Inbound;
                if (message.Encrypted == ContentProtection.None || r.Treatment.Outcome == TreatmentOutcome.Refuse)
                {
                    continue;
                }
                Assert.NotNull(plan);
                Assert.True(plan.DecryptWith.Count > 0 || (plan.Unreadable && r.Effective!.Inbound!.OnUnreadable == UnreadableAction.PassThrough));
                Assert.All(plan.DecryptWith, k => Assert.True(k.Usable));
            }
        }, iter: Iterations, print: t => Print(t.Item1, t.Item2, t.Item3), writeLine: output.WriteLine);
    }

    private static string Json(object? value) => System.Text.Json.JsonSerializer.Serialize(value);
}
