using Prometheus;

namespace Smgw.Grains.Delivery;

/// <summary>The delivery side of <c>/metrics</c>.</summary>
public static class DeliveryMetrics
{
    private static readonly string[] Labels = ["direction", "tenant"];

    public static readonly Counter Delivered = Metrics.CreateCounter(
        "smgw_messages_delivered_total", "Recipients delivered to the next hop.", Labels);

    public static readonly Counter Deferred = Metrics.CreateCounter(
        "smgw_messages_deferred_total", "Delivery attempts that failed temporarily and will be retried.", Labels);

    public static readonly Counter Bounced = Metrics.CreateCounter(
        "smgw_messages_bounced_total", "Recipients that failed permanently (5xx, policy refusal or queue lifetime).", Labels);

    public static readonly Counter Quarantined = Metrics.CreateCounter(
        "smgw_messages_quarantined_total", "Messages whose workflow failed again and again with an error of the gateway's own and are held for an operator.", Labels);

    public static readonly Counter WorkflowFailures = Metrics.CreateCounter(
        "smgw_workflow_failures_total", "Unexpected failures of a message's workflow (retried with back-off, quarantined after Smgw:Delivery:MaxWorkflowFailures).", Labels);

    public static readonly Histogram DeliveryLatency = Metrics.CreateHistogram(
        "smgw_delivery_latency_seconds", "Time from acceptance to successful delivery of a recipient.",
        new HistogramConfiguration
        {
            LabelNames = ["direction"],
            Buckets = Histogram.ExponentialBuckets(0.005, 2, 20),
        });

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "smgw_queue_depth", "Messages in the queue that are not finished (as last seen by this silo's queue manager).");
}
