namespace Smgw.Interfaces.Sla;

/// <summary>The SLA records of the service (low traffic: operators and one probe round every few seconds); key: <see cref="DefaultKey"/>.</summary>
[Alias("smgw.ISlaGrain")]
public interface ISlaGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    [Alias("AddOutage")] Task<OutageRecord> AddOutageAsync(OutageRecord outage);

    /// <summary>Ends an ongoing interruption.</summary>
    [Alias("EndOutage")] Task<OutageRecord> EndOutageAsync(string id, DateTimeOffset end);

    /// <summary>
    /// The synthetic probe's verdict for one round: opens an interruption (recorded by
    /// <see cref="ProbeObservation.Recorder"/>) on the first failure, adds new reasons while it lasts,
    /// ends it on the first clean round. Returns the probe's open interruption, if any.
    /// </summary>
    [Alias("RecordProbe")] Task<OutageRecord?> RecordProbeAsync(ProbeObservation observation);

    /// <summary>
    /// The interruptions derived from the gateway's heartbeats ("gateway not running", recorded by
    /// "heartbeat"): added, or updated by id when their end became known. Returns how many changed.
    /// </summary>
    [Alias("RecordGatewayDown")] Task<int> RecordGatewayDownAsync(IReadOnlyList<OutageRecord> derived);

    [Alias("AddMaintenance")] Task<MaintenanceRecord> AddMaintenanceAsync(MaintenanceRecord window);

    [Alias("AddExclusion")] Task<ExclusionRecord> AddExclusionAsync(ExclusionRecord exclusion);

    [Alias("Records"), Orleans.Concurrency.ReadOnly] Task<SlaRecords> GetRecordsAsync();
}
