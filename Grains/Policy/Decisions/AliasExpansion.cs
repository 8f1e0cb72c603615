using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// Expands aliases and forwards before the decision. A final recipient remembers every address it
/// was reached through, so their policies still apply to it. Loops and over-long chains stop at the
/// address reached. Exact duplicates (domain compared case-insensitively) are delivered once.
/// </summary>
internal static class AliasExpansion
{
    public sealed record Target(string Address, List<string> Via);

    public static List<Target> Expand(IReadOnlyList<string> recipients, IReadOnlyList<AliasEntry> aliases, int maxDepth, List<TraceStep> trace)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var alias in aliases)
        {
            map[Addresses.Key(alias.Address)] = alias.Targets;
        }
        var targets = new List<Target>();
        var index = new Dictionary<string, Target>(StringComparer.Ordinal);
        var traced = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string address, List<string> path)
        {
            var key = Addresses.Key(address);
            var loop = path.Any(p => Addresses.Key(p) == key);
            if (!loop && path.Count < maxDepth && map.TryGetValue(key, out var next) && next.Count > 0)
            {
                if (traced.Add(key))
                {
                    trace.Add(new TraceStep { Kind = TraceStepKind.Alias, Text = $"alias {key} expands to {string.Join(", ", next.Select(Addresses.Key))}" });
                }
                foreach (var target in next)
                {
                    Visit(target, [.. path, Addresses.Canonical(address)]);
                }
                return;
            }
            if (loop || path.Count >= maxDepth && map.ContainsKey(key))
            {
                trace.Add(new TraceStep { Kind = TraceStepKind.Alias, Text = $"alias expansion stops at {key} ({(loop ? "loop" : $"more than {maxDepth} levels")}): delivered to it" });
            }
            var canonical = Addresses.Canonical(address);
            if (!index.TryGetValue(canonical, out var existing))
            {
                existing = new Target(canonical, []);
                index[canonical] = existing;
                targets.Add(existing);
            }
            foreach (var p in path.Where(p => !existing.Via.Any(v => Addresses.Same(v, p)) && !Addresses.Same(p, canonical)))
            {
                existing.Via.Add(p);
            }
        }

        foreach (var recipient in recipients)
        {
            Visit(recipient, []);
        }
        return targets;
    }
}
