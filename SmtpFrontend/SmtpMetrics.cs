using Prometheus;

namespace Smgw.SmtpFrontend;

/// <summary>The SMTP side of <c>/metrics</c>.</summary>
public static class SmtpMetrics
{
    public static readonly Counter Sessions = Metrics.CreateCounter(
        "smgw_smtp_sessions_total", "SMTP sessions opened.", "listener");

    public static readonly Gauge ActiveSessions = Metrics.CreateGauge(
        "smgw_smtp_sessions_active", "SMTP sessions open now.", "listener");

    public static readonly Counter Replies = Metrics.CreateCounter(
        "smgw_smtp_replies_total", "Refusals and acceptances by reply code.", "listener", "command", "code");

    public static readonly Counter Accepted = Metrics.CreateCounter(
        "smgw_messages_accepted_total", "Messages accepted (250 after DATA) by direction and tenant.", "direction", "tenant");

    public static readonly Histogram AcceptLatency = Metrics.CreateHistogram(
        "smgw_accept_latency_seconds", "From the end of DATA to the 250 reply: the durable commit.",
        new HistogramConfiguration { LabelNames = ["direction"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 18) });
}
