using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// Expands aliases and forwards before the decision, one envelope recipient at a time (so one
/// recipient's alias never changes another recipient's decision). A final recipient remembers every
/// address it was reached through, so their policies still apply to it. Loops and over-long chains
/// stop at the address reached. Duplicates within one expansion (domain compared case-insensitively)
/// are one target.
/// </summary>
internal sealed class AliasExpansion
{
    public sealed record Target(string Address, List<string> Via);

    private readonly Dictionary<string, IReadOnlyList<string>> _map = new(StringComparer.Ordinal);
    private readonly HashSet<string> _traced = new(StringComparer.Ordinal);
    private readonly int _maxDepth;
    private readonly List<TraceStep> _trace;

    public AliasExpansion(IReadOnlyList<AliasEntry> aliases, int maxDepth, List<TraceStep> trace)
    {
        foreach (var alias in aliases)
        {
            _map[Addresses.Key(alias.Address)] = alias.Targets;
        }
        _maxDepth = maxDepth;
        _trace = trace;
    }

    /// <summary>Whether <paramref name="address"/> is an alias with at least one target.</summary>
    public bool IsAlias(string address) => _map.TryGetValue(Addresses.Key(address), out var targets) && targets.Count > 0;

    /// <summary>The final recipients of one envelope recipient (itself, when it is no alias).</summary>
    public List<Target> Expand(string recipient)
    {
        var targets = new List<Target>();
        var index = new Dictionary<string, Target>(StringComparer.Ordinal);

        void Visit(string address, List<string> path)
        {
            var key = Addresses.Key(address);
            var loop = path.Any(p => Addresses.Key(p) == key);
            if (!loop && path.Count < _maxDepth && _map.TryGetValue(key, out var next) && next.Count > 0)
            {
                if (_traced.Add(key))
                {
                    _trace.Add(new TraceStep { Kind = TraceStepKind.Alias, Text = $"alias {key} expands to {string.Join(", ", next.Select(Addresses.Key))}" });
                }
                foreach (var target in next)
                {
                    Visit(target, [.. path, Addresses.Canonical(address)]);
                }
                return;
            }
            if ((loop || path.Count >= _maxDepth && _map.ContainsKey(key)) && _traced.Add("stop:" + key))
            {
                _trace.Add(new TraceStep { Kind = TraceStepKind.Alias, Text = $"alias expansion stops at {key} ({(loop ? "loop" : $"more than {_maxDepth} levels")}): delivered to it" });
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

        Visit(recipient, []);
        return targets;
    }
}
