using Prometheus;

namespace Smgw.Messenger.Web;

/// <summary>What the web process itself counts (the Messenger's mail and login counters are the silo's, where the grains run).</summary>
public static class MessengerWebMetrics
{
    public static readonly Counter Rejected = Metrics.CreateCounter(
        "smgw_messenger_requests_rejected_total", "Messenger requests refused before reaching a grain: rate limit or missing/invalid CSRF token.", ["reason"]);
}
