using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// Which envelope recipients share one copy of the message: those whose treatments produce the same
/// bytes — the same outcome, action, signing key, method and, inbound, the same plan (keys to
/// decrypt with, fallback, verification, stamps, tag). Nothing of one recipient's treatment leaks
/// into another's copy. A hidden recipient (<see cref="PolicyMessage.Hidden"/>) of an encrypted
/// copy gets a copy of its own: its recipient info is never beside another recipient's.
/// The policy stage delivers exactly these splits, so the dry run shows the copies the real run makes.
/// </summary>
public static class Copies
{
    public static IReadOnlyList<DecisionSplit> Split(IReadOnlyList<RecipientDecision> envelope, IReadOnlyList<string> hidden) =>
        envelope
            .GroupBy(d => Key(d.Treatment) + (d.Treatment.Method is not null && hidden.Contains(d.Recipient, StringComparer.OrdinalIgnoreCase) ? "|hidden|" + d.Recipient : ""), StringComparer.Ordinal)
            .Select(g => new DecisionSplit
            {
                Action = g.First().Treatment.Action,
                Outcome = g.First().Treatment.Outcome,
                Status = g.First().Treatment.Status,
                Recipients = g.Select(d => d.Recipient).ToList(),
            })
            .ToList();

    /// <summary>Everything in a treatment that decides the bytes of the copy (reasons and recipient keys are per recipient).</summary>
    public static string Key(Treatment t)
    {
        var key = string.Join("|", t.Outcome, t.Action, t.Status, t.Routed, t.AlreadyEncrypted, t.Method, t.SignWith?.Purpose, t.SignWith?.Owner, t.SignWith?.KeyId);
        return t.Inbound is not { } p
            ? key
            : string.Join("|", key, string.Join(",", p.DecryptWith.Select(k => $"{k.Purpose}:{k.Owner}:{k.KeyId}")), p.OnUnreadable, p.Verify, p.StampHeaders, p.SubjectTag, p.HarvestKeys, p.Unreadable, p.AcceptWeakDigests);
    }
}
