using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;

namespace Smgw.Tests.Policy;

/// <summary>Samples of the policy records with every field set to a non-default value (used by SerializationRoundTripTests).</summary>
public static class PolicySamples
{
    private static List<T> L<T>(params T[] items) => [.. items];

    public static OutboundRules Outbound() => new()
    {
        Sign = SignMode.PersonalIfAvailable,
        Encryption = EncryptionRequirement.Mandatory,
        Methods = L(EncryptionMethod.PersonalPgp, EncryptionMethod.DomainSmime),
        OnMissingKey = MissingKeyAction.RefuseWithDsn,
    };

    public static InboundRules Inbound() => new()
    {
        DecryptWith = L(DecryptionKey.PersonalSmime, DecryptionKey.DomainPgp),
        Verify = true,
        StampHeaders = true,
        SubjectTag = "[verschlüsselt]",
        HarvestKeys = true,
        OnUnreadable = UnreadableAction.PassThrough,
        AcceptWeakDigests = true,
    };

    public static PolicyDefinition Definition() => new()
    {
        Name = "vertraulich",
        Version = 3,
        Description = "Vorstand: immer verschlüsseln",
        Outbound = Outbound(),
        Inbound = Inbound(),
    };

    public static AddressPolicy Address() => new() { Address = "Bob@Partner.Example", Scope = PolicyScope.External, Policy = "pgp-only" };

    public static AliasEntry Alias() => new() { Address = "info@lds.example", Targets = L("alice@lds.example", "bob@lds.example") };

    public static PolicySet Set() => new()
    {
        Policies = L(Definition(), Definition() with { Name = "pgp-only", Version = 1 }),
        StandardPolicy = "standard",
        Tenant = new TenantConfig
        {
            Id = "lds",
            Name = "Landesdirektion Sachsen",
            Domains = L("lds.example"),
            RelayAddresses = L("10.20.0.0/24"),
            InternalServer = "mx.lds.example:25",
            RoutingMode = RoutingMode.ListedAddresses,
            ListedAddresses = L("chef@lds.example"),
        },
        TenantPolicy = "lds-abweichungen",
        Groups = L(new PolicyGroupConfig { Id = "lds/vorstand", TenantId = "lds", Name = "vorstand", Kind = "internal", Members = L("chef@lds.example"), Policy = "vertraulich" }),
        Addresses = L(Address()),
        Aliases = L(Alias()),
    };

    public static PolicyMessage Message() => new()
    {
        QueueId = "0197A1B2C3D4E5F60718293A4B5C6D7E",
        Direction = MailDirection.Outbound,
        TenantId = "lds",
        Sender = "chef@lds.example",
        Recipients = L("bob@partner.example", "Carol@Other.Example"),
        Encrypted = ContentProtection.Smime,
        Signed = ContentProtection.OpenPgp,
        Hidden = L("Carol@Other.Example"),
        HeaderFrom = "chef@lds.example",
    };

    public static KeyStatus Key() => new()
    {
        Purpose = KeyPurpose.EncryptPersonalPgp,
        Owner = "bob@partner.example",
        State = KeyState.Expired,
        KeyId = "5A:3F:00:11",
        Detail = "2025-01-01",
    };

    public static FieldOrigin Origin() => new()
    {
        Field = "encryption",
        Value = "Mandatory",
        Level = PolicyLevel.Group,
        Scope = "lds/vorstand",
        Policy = "vertraulich",
        Version = 3,
        Via = "info@lds.example",
    };

    public static EffectivePolicy Effective() => new() { Outbound = Outbound(), Inbound = Inbound(), Origins = L(Origin()) };

    public static InboundPlan Plan() => new()
    {
        DecryptWith = L(Key() with { Purpose = KeyPurpose.DecryptOrganisation, State = KeyState.Usable }),
        OnUnreadable = UnreadableAction.PassThrough,
        Verify = true,
        StampHeaders = true,
        SubjectTag = "[signiert]",
        HarvestKeys = true,
        Unreadable = true,
        AcceptWeakDigests = true,
    };

    public static Treatment Treatment() => new()
    {
        Outcome = TreatmentOutcome.Refuse,
        Routed = true,
        SignWith = Key() with { Purpose = KeyPurpose.SignOrganisation, Owner = "lds.example", State = KeyState.Usable },
        Method = EncryptionMethod.DomainSmime,
        EncryptTo = Key() with { Purpose = KeyPurpose.EncryptDomainSmime, Owner = "partner.example", State = KeyState.Usable },
        AlreadyEncrypted = true,
        Status = "5.7.1",
        Reason = "encryption to bob@partner.example is mandatory and no usable key exists",
        Inbound = Plan(),
        Action = "refuse",
        EncryptToAll = L(Key() with { Purpose = KeyPurpose.EncryptDomainSmime, Owner = "partner.example", State = KeyState.Usable }),
    };

    public static TraceStep Step() => new() { Kind = TraceStepKind.Key, Text = "key: personal OpenPGP key of bob@partner.example not usable: expired 2025-01-01" };

    public static RecipientDecision Recipient() => new()
    {
        Recipient = "bob@partner.example",
        Via = L("info@partner.example"),
        Effective = Effective(),
        Treatment = Treatment(),
        Trace = L(Step(), Step() with { Kind = TraceStepKind.Action, Text = "action: refuse" }),
        Keys = L(Key()),
        Targets = L("ceo@partner.example", "cfo@partner.example"),
    };

    public static DecisionSplit Split() => new()
    {
        Action = "refuse",
        Outcome = TreatmentOutcome.Refuse,
        Recipients = L("bob@partner.example", "carol@other.example"),
        Status = "5.7.1",
    };

    public static PolicyDecision Decision() => new()
    {
        Message = Message(),
        Recipients = L(Recipient()),
        Envelope = L(Recipient() with { Recipient = "info@partner.example" }),
        Splits = L(Split()),
        Trace = L(Step() with { Kind = TraceStepKind.Routing, Text = "sender chef@lds.example is listed" }),
    };
}
