using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using static Smgw.Tests.Policy.PolicyWorld;

namespace Smgw.Tests.Policy;

/// <summary>The worked example of docs/POLICY.md: standard rules, a tenant deviation (CL-8), an internal and an external group (CL-11), a single address (CL-12).</summary>
internal static class WorkedExample
{
    public static PolicySet Policies => new()
    {
        Policies =
        [
            P("standard",
                new OutboundRules
                {
                    Sign = SignMode.Organisation,
                    Encryption = EncryptionRequirement.IfPossible,
                    Methods = [EncryptionMethod.PersonalSmime, EncryptionMethod.PersonalPgp, EncryptionMethod.DomainSmime, EncryptionMethod.DomainPgp],
                    OnMissingKey = MissingKeyAction.Messenger,
                },
                new InboundRules
                {
                    DecryptWith = [DecryptionKey.Organisation, DecryptionKey.PersonalSmime, DecryptionKey.DomainPgp, DecryptionKey.PersonalPgp],
                    Verify = true,
                    StampHeaders = true,
                    SubjectTag = "",
                    HarvestKeys = true,
                    OnUnreadable = UnreadableAction.Refuse,
                },
                version: 3),
            P("lds-abweichungen", new OutboundRules { Sign = SignMode.PersonalIfAvailable }, new InboundRules { OnUnreadable = UnreadableAction.PassThrough }, version: 2),
            P("vertraulich", new OutboundRules { Encryption = EncryptionRequirement.Mandatory }),
            P("domain-zuerst", new OutboundRules { Methods = [EncryptionMethod.DomainSmime, EncryptionMethod.PersonalSmime] }),
            P("nur-pgp", new OutboundRules { Methods = [EncryptionMethod.PersonalPgp], OnMissingKey = MissingKeyAction.RefuseWithDsn }),
        ],
        StandardPolicy = "standard",
        Tenant = Lds(),
        TenantPolicy = "lds-abweichungen",
        Groups =
        [
            Group("vorstand", "internal", "vertraulich", "chef@lds.example", "stellvertreter@lds.example"),
            Group("behoerden", "external", "domain-zuerst", "@smul.example"),
        ],
        Addresses = [new AddressPolicy { Address = "bob@x.example", Scope = PolicyScope.External, Policy = "nur-pgp" }],
    };

    public static Smgw.Grains.Policy.Decisions.InMemoryKeyDirectory Keys => PolicyWorld.Keys(
        Usable(KeyPurpose.SignPersonal, "chef@lds.example", "4F:21:9A (chef)"),
        Usable(KeyPurpose.SignOrganisation, "lds.example", "0C:77:E1 (LDS)"),
        Bad(KeyPurpose.EncryptPersonalPgp, "bob@x.example", KeyState.Revoked, "2025-03-01"),
        Bad(KeyPurpose.EncryptDomainSmime, "smul.example", KeyState.Expired, "2025-01-01"),
        Usable(KeyPurpose.EncryptPersonalSmime, "amt@smul.example", "19:AB:02 (amt)"));

    public static PolicyMessage Message => PolicyMessage.DryRun(MailDirection.Outbound, "lds", "chef@lds.example", "bob@x.example", "amt@smul.example", "carol@z.example");
}
