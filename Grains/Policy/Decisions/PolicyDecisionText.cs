using System.Text;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>The human-readable rendering of a decision: for the log (with the queue id), the API's text view and the dry run.</summary>
public static class PolicyDecisionText
{
    public static string Render(PolicyDecision decision)
    {
        var m = decision.Message;
        var text = new StringBuilder();
        var id = m.IsDryRun ? "dry run" : $"message {m.QueueId}";
        var tenant = m.TenantId.Length == 0 ? "no tenant" : $"tenant {m.TenantId}";
        text.Append($"{id}: {m.Direction.ToString().ToLowerInvariant()}, {tenant}, from <{m.Sender}>");
        if (m.Encrypted != ContentProtection.None)
        {
            text.Append($", already {m.Encrypted} encrypted");
        }
        if (m.Signed != ContentProtection.None)
        {
            text.Append($", {m.Signed} signed");
        }
        text.Append('\n');
        foreach (var step in decision.Trace)
        {
            text.Append("  ").Append(step).Append('\n');
        }
        foreach (var r in decision.Recipients)
        {
            var status = r.Treatment.Status is null ? "" : $" {r.Treatment.Status} {r.Treatment.Reason}";
            text.Append($"recipient <{r.Recipient}>: {r.Treatment.Action}{status}\n");
            foreach (var step in r.Trace)
            {
                text.Append("  ").Append(step).Append('\n');
            }
        }
        foreach (var alias in decision.Envelope.Where(e => e.Targets.Count > 0))
        {
            var status = alias.Treatment.Status is null ? "" : $" {alias.Treatment.Status} {alias.Treatment.Reason}";
            text.Append($"alias <{alias.Recipient}> (one copy for {string.Join(", ", alias.Targets)}): {alias.Treatment.Action}{status}\n");
            foreach (var step in alias.Trace)
            {
                text.Append("  ").Append(step).Append('\n');
            }
        }
        text.Append(decision.Splits.Count == 1 ? "one copy:\n" : $"split into {decision.Splits.Count} copies:\n");
        var n = 1;
        foreach (var split in decision.Splits)
        {
            text.Append($"  {n++}. {split.Action}{(split.Status is null ? "" : " " + split.Status)}: {string.Join(", ", split.Recipients)}\n");
        }
        return text.ToString();
    }
}
