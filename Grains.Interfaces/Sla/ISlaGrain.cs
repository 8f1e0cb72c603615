namespace Smgw.Interfaces.Sla;

/// <summary>The SLA records of the service (low traffic: operators and, later, the probe); key: <see cref="DefaultKey"/>.</summary>
[Alias("smgw.ISlaGrain")]
public interface ISlaGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    [Alias("AddOutage")] Task<OutageRecord> AddOutageAsync(OutageRecord outage);

    /// <summary>Ends an ongoing interruption.</summary>
    [Alias("EndOutage")] Task<OutageRecord> EndOutageAsync(string id, DateTimeOffset end);

    [Alias("AddMaintenance")] Task<MaintenanceRecord> AddMaintenanceAsync(MaintenanceRecord window);

    [Alias("AddExclusion")] Task<ExclusionRecord> AddExclusionAsync(ExclusionRecord exclusion);

    [Alias("Records"), Orleans.Concurrency.ReadOnly] Task<SlaRecords> GetRecordsAsync();
}
