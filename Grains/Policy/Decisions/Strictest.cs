using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// Combines the policies of a recipient and of the aliases it was reached through, so an alias or
/// forward cannot escape policy: each security field takes the strictest value among them (the
/// recipient's own on a tie); fields that are not about protection (methods follow the winning
/// encryption requirement; decryption keys, harvesting) stay the recipient's.
/// </summary>
internal static class Strictest
{
    public static EffectivePolicy Combine(MailDirection direction, IReadOnlyList<Resolution> resolutions, List<TraceStep> trace)
    {
        var own = resolutions[0];
        var picked = new Dictionary<string, (object Value, FieldOrigin Origin)>(StringComparer.Ordinal);

        (object Value, FieldOrigin Origin) Pick(string field, Func<object, int> rank)
        {
            var best = own.Fields[field];
            foreach (var r in resolutions.Where(r => r != own))
            {
                var candidate = r.Fields[field];
                if (rank(candidate.Value) > rank(best.Value))
                {
                    trace.Add(new TraceStep
                    {
                        Kind = TraceStepKind.Alias,
                        Text = $"{field}={candidate.Origin.Value} from the policy of {Addresses.Key(r.Subject)} (stricter than {best.Origin.Value})",
                    });
                    best = (candidate.Value, candidate.Origin with { Via = Addresses.Key(r.Subject) });
                }
            }
            picked[field] = best;
            return best;
        }

        if (direction == MailDirection.Outbound)
        {
            var encryption = Pick("encryption", v => (int)(EncryptionRequirement)v);
            var winner = encryption.Origin.Via.Length == 0 ? own : resolutions.First(r => Addresses.Key(r.Subject) == encryption.Origin.Via);
            picked["methods"] = Via(winner, own, "methods");
            Pick("sign", v => (int)(SignMode)v);
            // What happens without a key: among the policies that make encryption mandatory, refusal beats the Messenger.
            var mandatory = resolutions.Where(r => r.Get<EncryptionRequirement>("encryption") == EncryptionRequirement.Mandatory).ToList();
            var start = mandatory.Count == 0 || mandatory.Contains(own) ? own : winner;
            var onMissingKey = Via(start, own, "onMissingKey");
            foreach (var r in mandatory.Where(r => r != start))
            {
                if ((MissingKeyAction)onMissingKey.Value == MissingKeyAction.Messenger && r.Get<MissingKeyAction>("onMissingKey") == MissingKeyAction.RefuseWithDsn)
                {
                    trace.Add(new TraceStep { Kind = TraceStepKind.Alias, Text = $"onMissingKey=RefuseWithDsn from the policy of {Addresses.Key(r.Subject)} (stricter than Messenger)" });
                    onMissingKey = Via(r, own, "onMissingKey");
                }
            }
            picked["onMissingKey"] = onMissingKey;
            return new EffectivePolicy
            {
                Outbound = new OutboundRules
                {
                    Sign = (SignMode)picked["sign"].Value,
                    Encryption = (EncryptionRequirement)picked["encryption"].Value,
                    Methods = ((IReadOnlyList<EncryptionMethod>)picked["methods"].Value).ToList(),
                    OnMissingKey = (MissingKeyAction)picked["onMissingKey"].Value,
                },
                Origins = PolicyResolver.OutboundFields.Select(f => picked[f].Origin).ToList(),
            };
        }

        Pick("onUnreadable", v => (UnreadableAction)v == UnreadableAction.Refuse ? 1 : 0);
        Pick("verify", v => (bool)v ? 1 : 0);
        Pick("stampHeaders", v => (bool)v ? 1 : 0);
        Pick("subjectTag", v => ((string)v).Length > 0 ? 1 : 0);
        Pick("acceptWeakDigests", v => (bool)v ? 0 : 1);
        picked["decryptWith"] = own.Fields["decryptWith"];
        picked["harvestKeys"] = own.Fields["harvestKeys"];
        return new EffectivePolicy
        {
            Inbound = new InboundRules
            {
                DecryptWith = ((IReadOnlyList<DecryptionKey>)picked["decryptWith"].Value).ToList(),
                Verify = (bool)picked["verify"].Value,
                StampHeaders = (bool)picked["stampHeaders"].Value,
                SubjectTag = (string)picked["subjectTag"].Value,
                HarvestKeys = (bool)picked["harvestKeys"].Value,
                OnUnreadable = (UnreadableAction)picked["onUnreadable"].Value,
                AcceptWeakDigests = (bool)picked["acceptWeakDigests"].Value,
            },
            Origins = PolicyResolver.InboundFields.Select(f => picked[f].Origin).ToList(),
        };
    }

    private static (object Value, FieldOrigin Origin) Via(Resolution winner, Resolution own, string field)
    {
        var value = winner.Fields[field];
        return winner == own ? value : (value.Value, value.Origin with { Via = Addresses.Key(winner.Subject) });
    }
}
