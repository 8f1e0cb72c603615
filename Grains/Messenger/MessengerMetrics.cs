using Prometheus;

namespace Smgw.Grains.Messenger;

/// <summary>The Messenger's part of <c>/metrics</c> (counted in the silo, where its grains run).</summary>
public static class MessengerMetrics
{
    public static readonly Counter Notifications = Metrics.CreateCounter(
        "smgw_messenger_notifications_sent_total", "Messenger notifications submitted to the queue (one per recipient and message).", ["tenant"]);

    public static readonly Counter Read = Metrics.CreateCounter(
        "smgw_messenger_messages_read_total", "Messenger messages opened by their recipient for the first time.", ["tenant"]);

    public static readonly Counter Replies = Metrics.CreateCounter(
        "smgw_messenger_replies_total", "Replies written in the Messenger and submitted to the gateway.", ["tenant"]);

    public static readonly Counter LoginsFailed = Metrics.CreateCounter(
        "smgw_messenger_logins_failed_total", "Failed Messenger logins and code checks (wrong password, wrong code, locked out).", ["reason"]);

    public static readonly Counter Expired = Metrics.CreateCounter(
        "smgw_messenger_messages_expired_total", "Messenger messages deleted because their retention ran out.", ["tenant"]);
}
