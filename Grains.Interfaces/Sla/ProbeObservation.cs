namespace Smgw.Interfaces.Sla;

/// <summary>
/// One round of the synthetic probe: when it started and what failed (empty: everything worked).
/// Failures open an interruption recorded by the probe, later failures are added to its reason, a
/// clean round ends it. No tenants: all tenants (a failing frontend or silo affects every tenant).
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.sla.ProbeObservation")]
public sealed record ProbeObservation
{
    public const string Recorder = "probe";

    [Id(0)] public DateTimeOffset At { get; init; }
    [Id(1)] public IReadOnlyList<string> Failures { get; init; } = [];
    [Id(2)] public IReadOnlyList<string> Tenants { get; init; } = [];
}
