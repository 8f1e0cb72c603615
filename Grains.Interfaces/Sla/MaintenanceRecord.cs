namespace Smgw.Interfaces.Sla;

/// <summary>A maintenance window with its announcement (SLA-3). No tenants: all tenants.</summary>
[GenerateSerializer, Immutable, Alias("smgw.sla.MaintenanceRecord")]
public sealed record MaintenanceRecord
{
    [Id(0)] public string Id { get; init; } = "";
    /// <summary>
    /// When the operator says the tenants were told another way (a claim, kept and shown); null: no
    /// such claim. As evidence it counts from <see cref="RecordedAt"/> at the earliest.
    /// </summary>
    [Id(1)] public DateTimeOffset? AnnouncedAt { get; init; }
    [Id(2)] public DateTimeOffset Start { get; init; }
    [Id(3)] public DateTimeOffset End { get; init; }
    [Id(4)] public bool OutageExpected { get; init; }
    [Id(5)] public string Effects { get; init; } = "";
    [Id(6)] public IReadOnlyList<string> Tenants { get; init; } = [];
    [Id(7)] public string RecordedBy { get; init; } = "";
    /// <summary>When the gateway recorded the window (its own clock); null: recorded before this was kept.</summary>
    [Id(8)] public DateTimeOffset? RecordedAt { get; init; }
    /// <summary>When the gateway queued its notice mail to the contacts of <see cref="Notified"/>.</summary>
    [Id(9)] public DateTimeOffset? NoticeSentAt { get; init; }
    /// <summary>The tenants whose contacts got the gateway's notice mail.</summary>
    [Id(10)] public IReadOnlyList<string> Notified { get; init; } = [];
    /// <summary>Affected tenants the notice did not reach (no contacts, queuing failed, or no notice sent).</summary>
    [Id(11)] public IReadOnlyList<string> NotReached { get; init; } = [];
}
