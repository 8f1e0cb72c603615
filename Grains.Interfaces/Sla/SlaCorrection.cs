namespace Smgw.Interfaces.Sla;

/// <summary>What a correction did to an SLA record.</summary>
[GenerateSerializer, Alias("smgw.sla.SlaCorrectionAction")]
public enum SlaCorrectionAction
{
    /// <summary>The record was changed; <see cref="SlaCorrection.After"/> holds the new version.</summary>
    Amended = 0,

    /// <summary>The record was taken out of the accounting; it stays here, in <see cref="SlaCorrection.Before"/>.</summary>
    Withdrawn = 1,
}

/// <summary>
/// One entry of the SLA records' audit trail (issue G §2): who changed or withdrew which record,
/// when, why, and the record as it was before and after (JSON). Entries are never changed or removed.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.sla.SlaCorrection")]
public sealed record SlaCorrection
{
    [Id(0)] public string RecordId { get; init; } = "";
    /// <summary>"outage", "maintenance" or "exclusion".</summary>
    [Id(1)] public string Kind { get; init; } = "";
    [Id(2)] public SlaCorrectionAction Action { get; init; }
    [Id(3)] public string Reason { get; init; } = "";
    [Id(4)] public string By { get; init; } = "";
    [Id(5)] public DateTimeOffset At { get; init; }
    [Id(6)] public string Before { get; init; } = "";
    /// <summary>Null when withdrawn.</summary>
    [Id(7)] public string? After { get; init; }
}
