using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;

namespace Smgw.Tests.Policy;

/// <summary>Builders for policy sets, keys and messages: tenant "lds" (lds.example) and its correspondents.</summary>
internal static class PolicyWorld
{
    public static TenantConfig Lds(RoutingMode mode = RoutingMode.AllUsers, params string[] listed) => new()
    {
        Id = "lds",
        Name = "Landesdirektion Sachsen",
        Domains = ["lds.example"],
        RoutingMode = mode,
        ListedAddresses = listed.ToList(),
    };

    public static PolicyDefinition P(string name, OutboundRules? outbound = null, InboundRules? inbound = null, int version = 1) =>
        new() { Name = name, Version = version, Outbound = outbound ?? new(), Inbound = inbound ?? new() };

    /// <summary>Standard rules "standard" plus the given policies, tenant lds with all users routed.</summary>
    public static PolicySet Set(OutboundRules? standardOut = null, InboundRules? standardIn = null, params PolicyDefinition[] more) => new()
    {
        Policies = [P("standard", standardOut, standardIn, 3), .. more],
        StandardPolicy = "standard",
        Tenant = Lds(),
    };

    public static PolicyGroupConfig Group(string name, string kind, string policy, params string[] members) =>
        new() { Id = $"lds/{name}", TenantId = "lds", Name = name, Kind = kind, Members = members.ToList(), Policy = policy };

    public static KeyStatus Usable(KeyPurpose purpose, string owner, string id = "") =>
        new() { Purpose = purpose, Owner = owner, State = KeyState.Usable, KeyId = id.Length > 0 ? id : $"{purpose}:{owner}" };

    public static KeyStatus Bad(KeyPurpose purpose, string owner, KeyState state, string detail = "") =>
        new() { Purpose = purpose, Owner = owner, State = state, Detail = detail };

    public static InMemoryKeyDirectory Keys(params KeyStatus[] keys) => new(keys);

    /// <summary>The organisation certificate of lds.example, usable for signing.</summary>
    public static KeyStatus OrgSigning => Usable(KeyPurpose.SignOrganisation, "lds.example", "ORG-LDS");

    public static PolicyDecision Out(PolicySet set, IKeyDirectory keys, string from, params string[] to) =>
        PolicyEngine.Decide(PolicyMessage.DryRun(MailDirection.Outbound, "lds", from, to), set, keys);

    public static PolicyDecision In(PolicySet set, IKeyDirectory keys, string from, params string[] to) =>
        PolicyEngine.Decide(PolicyMessage.DryRun(MailDirection.Inbound, "lds", from, to), set, keys);

    public static RecipientDecision Only(this PolicyDecision decision) => Xunit.Assert.Single(decision.Recipients);

    public static string Json(object? value) => System.Text.Json.JsonSerializer.Serialize(value);

    public static string Texts(this RecipientDecision decision) => string.Join("\n", decision.Trace);
}
