namespace Smgw.Grains.Sla;

/// <summary>
/// The accounting for one period: which period and rules, overall and per tenant figures, the ruling on
/// every maintenance window touching the period and every exclusion applied (with who tagged it, when, why).
/// </summary>
public sealed record SlaReport(
    SlaPeriod Period,
    DateTimeOffset AsOf,
    SlaRulesApplied Rules,
    SubjectReport Overall,
    IReadOnlyList<SubjectReport> Tenants,
    IReadOnlyList<MaintenanceAssessment> Maintenance,
    IReadOnlyList<DisturbanceExclusion> Exclusions)
{
    /// <summary>False while the period has not ended at <see cref="AsOf"/> (the figures may still change).</summary>
    public bool IsComplete => AsOf >= Period.End;

    public SubjectReport ForTenant(string tenant) =>
        Tenants.FirstOrDefault(t => t.Tenant == tenant) ?? throw new KeyNotFoundException($"no tenant '{tenant}' in the report");
}
