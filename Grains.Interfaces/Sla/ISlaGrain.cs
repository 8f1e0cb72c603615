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

    /// <summary>
    /// Records that the gateway's notice of a window was queued now for the contacts of
    /// <paramref name="notified"/> (the announcement's evidence) and did not reach <paramref name="notReached"/>. Once per window.
    /// </summary>
    [Alias("RecordNotice")] Task<MaintenanceRecord> RecordNoticeAsync(string id, IReadOnlyList<string> notified, IReadOnlyList<string> notReached);

    [Alias("AddExclusion")] Task<ExclusionRecord> AddExclusionAsync(ExclusionRecord exclusion);

    /// <summary>
    /// Corrects a record (same id; validated like a new one; <paramref name="reason"/> required). The
    /// version before stays in the audit trail. A maintenance window corrected is recorded anew: its
    /// recording time is now and its notice must be sent again (<see cref="RecordNoticeAsync"/>).
    /// </summary>
    [Alias("AmendOutage")] Task<OutageRecord> AmendOutageAsync(string id, OutageRecord amended, string reason, string by);

    [Alias("AmendMaintenance")] Task<MaintenanceRecord> AmendMaintenanceAsync(string id, MaintenanceRecord amended, string reason, string by);

    [Alias("AmendExclusion")] Task<ExclusionRecord> AmendExclusionAsync(string id, ExclusionRecord amended, string reason, string by);

    /// <summary>Takes a record of <paramref name="kind"/> ("outage", "maintenance", "exclusion") out of the accounting; it stays in the audit trail.</summary>
    [Alias("Withdraw")] Task<SlaCorrection> WithdrawAsync(string kind, string id, string reason, string by);

    [Alias("Records"), Orleans.Concurrency.ReadOnly] Task<SlaRecords> GetRecordsAsync();
}
