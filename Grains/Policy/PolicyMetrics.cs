using Prometheus;

namespace Smgw.Grains.Policy;

/// <summary>
/// The policy side of <c>/metrics</c>: what the policy stage did, per recipient, by direction,
/// tenant and kind (signed, encrypted-smime, domain-encrypted, messenger, refused, deferred,
/// decrypted, verified, verify-failed).
/// </summary>
public static class PolicyMetrics
{
    public static readonly Counter Actions = Metrics.CreateCounter(
        "smgw_policy_actions_total", "Policy stage actions per recipient.", ["direction", "tenant", "kind"]);

    public static void Count(string direction, string tenant, string kind, int recipients) =>
        Actions.WithLabels(direction, tenant, kind).Inc(recipients);
}
