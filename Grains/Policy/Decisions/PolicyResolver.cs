using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// Field-wise precedence: built-in → standard rules → tenant deviation → groups (internal, then
/// external; by group id) → single addresses (internal, then external). A level that sets a field
/// overrides it; a level that leaves it unset (null) inherits it.
/// </summary>
internal static class PolicyResolver
{
    public static readonly string[] OutboundFields = ["sign", "encryption", "methods", "onMissingKey"];
    public static readonly string[] InboundFields = ["decryptWith", "verify", "stampHeaders", "subjectTag", "harvestKeys", "onUnreadable", "acceptWeakDigests"];

    private sealed record Layer(PolicyLevel Level, string Scope, string Label, string PolicyName);

    /// <summary>The policy for <paramref name="address"/> as the per-recipient party (outbound: the recipient; inbound: the recipient).</summary>
    public static Resolution Resolve(PolicySet set, MailDirection direction, string sender, string address)
    {
        var result = new Resolution(address);
        var prefix = direction == MailDirection.Outbound ? "outbound" : "inbound";
        foreach (var (field, value) in Values(direction, BuiltIn(direction)))
        {
            result.Fields[field] = (value!, new FieldOrigin { Field = field, Value = Text(value), Level = PolicyLevel.BuiltIn, Scope = "gateway", Policy = "built-in" });
        }

        foreach (var layer in Layers(set, direction, sender, address))
        {
            var definition = Find(set, layer.PolicyName);
            if (definition is null)
            {
                var error = $"policy '{layer.PolicyName}' referred to by {layer.Label} does not exist";
                result.Errors.Add(error);
                result.Steps.Add(new TraceStep { Kind = TraceStepKind.Error, Text = error });
                continue;
            }
            foreach (var (field, value) in Values(direction, definition))
            {
                if (value is null)
                {
                    continue;
                }
                var origin = new FieldOrigin
                {
                    Field = field,
                    Value = Text(value),
                    Level = layer.Level,
                    Scope = layer.Scope,
                    Policy = definition.Name,
                    Version = definition.Version,
                };
                result.Fields[field] = (value, origin);
                result.Steps.Add(new TraceStep { Kind = TraceStepKind.Rule, Text = $"{layer.Label} '{definition.Name}' v{definition.Version} set {prefix}.{field}={origin.Value}" });
            }
        }

        var inherited = result.Fields.Values.Where(f => f.Origin.Level == PolicyLevel.BuiltIn)
            .Select(f => new TraceStep { Kind = TraceStepKind.Rule, Text = $"built-in default {prefix}.{f.Origin.Field}={f.Origin.Value} (no level sets it)" });
        result.Steps.InsertRange(0, inherited);
        return result;
    }

    /// <summary>The policy in force for a name: the highest version (names compare case-insensitively).</summary>
    public static PolicyDefinition? Find(PolicySet set, string name) =>
        set.Policies.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).MaxBy(p => p.Version);

    private static PolicyDefinition BuiltIn(MailDirection direction) =>
        direction == MailDirection.Outbound ? new() { Outbound = BuiltInPolicy.Outbound } : new() { Inbound = BuiltInPolicy.Inbound };

    private static IEnumerable<(string Field, object? Value)> Values(MailDirection direction, PolicyDefinition p)
    {
        if (direction == MailDirection.Outbound)
        {
            var o = p.Outbound ?? new OutboundRules();
            yield return ("sign", o.Sign);
            yield return ("encryption", o.Encryption);
            yield return ("methods", o.Methods);
            yield return ("onMissingKey", o.OnMissingKey);
        }
        else
        {
            var i = p.Inbound ?? new InboundRules();
            yield return ("decryptWith", i.DecryptWith);
            yield return ("verify", i.Verify);
            yield return ("stampHeaders", i.StampHeaders);
            yield return ("subjectTag", i.SubjectTag);
            yield return ("harvestKeys", i.HarvestKeys);
            yield return ("onUnreadable", i.OnUnreadable);
            yield return ("acceptWeakDigests", i.AcceptWeakDigests);
        }
    }

    private static IEnumerable<Layer> Layers(PolicySet set, MailDirection direction, string sender, string address)
    {
        if (set.StandardPolicy.Length > 0)
        {
            yield return new Layer(PolicyLevel.Standard, "gateway", "standard rules", set.StandardPolicy);
        }
        if (set.Tenant is { } tenant && set.TenantPolicy.Length > 0)
        {
            yield return new Layer(PolicyLevel.Tenant, tenant.Id, $"tenant {tenant.Id} deviation", set.TenantPolicy);
        }

        // The internal party is the tenant's user, the external party the correspondent.
        var outbound = direction == MailDirection.Outbound;
        var (internalParty, internalRole) = outbound ? (sender, "sender") : (address, "recipient");
        var (externalParty, externalRole) = outbound ? (address, "recipient") : (sender, "sender");

        foreach (var scope in new[] { PolicyScope.Internal, PolicyScope.External })
        {
            var (party, role) = scope == PolicyScope.Internal ? (internalParty, internalRole) : (externalParty, externalRole);
            if (party.Length == 0)
            {
                continue;
            }
            var groups = set.Groups
                .Where(g => ScopeOf(g) == scope && g.Policy.Length > 0 && g.Members.Any(m => Addresses.MemberMatches(m, party)))
                .OrderBy(g => g.Id, StringComparer.Ordinal);
            foreach (var g in groups)
            {
                yield return new Layer(PolicyLevel.Group, g.Id, $"group {g.Id} ({Word(scope)}, {role} {Addresses.Key(party)})", g.Policy);
            }
        }
        foreach (var scope in new[] { PolicyScope.Internal, PolicyScope.External })
        {
            var (party, role) = scope == PolicyScope.Internal ? (internalParty, internalRole) : (externalParty, externalRole);
            if (party.Length == 0)
            {
                continue;
            }
            foreach (var a in set.Addresses.Where(a => a.Scope == scope && a.Policy.Length > 0 && Addresses.Same(a.Address, party)))
            {
                yield return new Layer(PolicyLevel.Address, Addresses.Key(a.Address), $"address {Addresses.Key(a.Address)} ({Word(scope)}, {role})", a.Policy);
            }
        }
    }

    private static PolicyScope ScopeOf(PolicyGroupConfig group) =>
        string.Equals(group.Kind, "external", StringComparison.OrdinalIgnoreCase) ? PolicyScope.External : PolicyScope.Internal;

    private static string Word(PolicyScope scope) => scope == PolicyScope.Internal ? "internal" : "external";

    public static string Text(object? value) => value switch
    {
        null => "unset",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => value.ToString() ?? "",
    };
}
