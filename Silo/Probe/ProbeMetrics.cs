using Prometheus;

namespace Smgw.Silo.Probe;

/// <summary>
/// The probe in <c>/metrics</c>: the last result per target and check, the attempt counters the
/// burn-rate rules in <c>docker/prometheus/rules.yml</c> read, and the delivery latency.
/// </summary>
public static class ProbeMetrics
{
    /// <summary>1 when the last probe of this target and direction worked, else 0. Directions: inbound, outbound (mail), membership, health.</summary>
    public static readonly Gauge Success = Metrics.CreateGauge(
        "smgw_probe_success", "1 when the last probe of this target and direction succeeded, 0 when it failed.", "target", "direction");

    public static readonly Counter Attempts = Metrics.CreateCounter(
        "smgw_probe_total", "Probe messages sent (tenant \"all\": the probe covers the shared path of every tenant).", "tenant", "direction");

    public static readonly Counter Delivered = Metrics.CreateCounter(
        "smgw_probe_success_total", "Probe messages delivered to the probe mailbox within the deadline.", "tenant", "direction");

    public static readonly Histogram Latency = Metrics.CreateHistogram(
        "smgw_probe_latency_seconds", "From connecting to the frontend until the probe mailbox had the message.",
        new HistogramConfiguration
        {
            LabelNames = ["direction"],
            Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
        });

    public static readonly Gauge LastRound = Metrics.CreateGauge(
        "smgw_probe_last_round_timestamp_seconds", "When the last probe round finished (Unix time).");
}
