namespace Smgw.Grains.Sla;

/// <summary>Which tenants an outage, maintenance window or exclusion concerns: all of them, or a named list.</summary>
public sealed class TenantScope : IEquatable<TenantScope>
{
    private readonly HashSet<string> _tenants;

    private TenantScope(bool all, IEnumerable<string> tenants)
    {
        IsAll = all;
        _tenants = new HashSet<string>(tenants, StringComparer.Ordinal);
        Tenants = [.. _tenants.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every tenant, including tenants the accounting does not know by name.</summary>
    public static TenantScope All { get; } = new(true, []);

    /// <summary>Only the named tenants (tenant ids).</summary>
    public static TenantScope Only(params IEnumerable<string> tenants)
    {
        var scope = new TenantScope(false, tenants);
        if (scope._tenants.Count == 0)
        {
            throw new ArgumentException("a tenant scope names at least one tenant (use TenantScope.All for every tenant)", nameof(tenants));
        }
        return scope;
    }

    public bool IsAll { get; }

    /// <summary>The named tenants, sorted; empty when <see cref="IsAll"/>.</summary>
    public IReadOnlyList<string> Tenants { get; }

    public bool Includes(string tenant) => IsAll || _tenants.Contains(tenant);

    public bool Equals(TenantScope? other) =>
        other is not null && IsAll == other.IsAll && _tenants.SetEquals(other._tenants);

    public override bool Equals(object? obj) => Equals(obj as TenantScope);

    public override int GetHashCode() => IsAll ? 1 : string.Join('\n', Tenants).GetHashCode(StringComparison.Ordinal);

    public override string ToString() => IsAll ? "all tenants" : string.Join(", ", Tenants);
}
