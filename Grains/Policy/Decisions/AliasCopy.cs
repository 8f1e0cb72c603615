using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// The one copy an alias gets. The gateway delivers to the envelope recipient and the next hop
/// expands the alias, so the copy reaches every target: it must satisfy each of them (docs/POLICY.md
/// section 5). A refused or deferred target refuses or defers the alias; a target marked for the
/// Messenger sends the alias to the Messenger; otherwise the copy is encrypted to every target's key
/// in one format, or — when that is impossible — refused (or sent to the Messenger) if any target
/// makes encryption mandatory, and delivered unencrypted only when none does.
/// </summary>
internal static class AliasCopy
{
    public static RecipientDecision Combine(
        PolicyMessage message, string alias, IReadOnlyList<RecipientDecision> targets, Func<RecipientDecision, ContentProtection, Treatment?> reformat)
    {
        var names = targets.Select(t => t.Recipient).ToList();
        var trace = new List<TraceStep>
        {
            Step(TraceStepKind.Alias, $"envelope recipient {Addresses.Key(alias)} is an alias of {string.Join(", ", names.Select(Addresses.Key))}: one copy serves every target"),
        };
        var treatment = Blocking(alias, targets, trace)
            ?? (message.Direction == MailDirection.Outbound ? Outbound(alias, targets, reformat, trace) : Inbound(message, targets, trace));
        trace.Add(Step(TraceStepKind.Action, treatment.Status is null ? treatment.Action : $"{treatment.Action} {treatment.Status} {treatment.Reason}"));
        return new RecipientDecision
        {
            Recipient = alias,
            Treatment = treatment,
            Trace = trace,
            Keys = targets.SelectMany(t => t.Keys).ToList(),
            Targets = names,
        };
    }

    /// <summary>A refused, deferred or (outbound) Messenger target decides for the whole alias.</summary>
    private static Treatment? Blocking(string alias, IReadOnlyList<RecipientDecision> targets, List<TraceStep> trace)
    {
        foreach (var outcome in (TreatmentOutcome[])[TreatmentOutcome.Refuse, TreatmentOutcome.Defer, TreatmentOutcome.Messenger])
        {
            if (targets.FirstOrDefault(t => t.Treatment.Outcome == outcome) is not { } target)
            {
                continue;
            }
            var what = outcome switch
            {
                TreatmentOutcome.Refuse => "refused",
                TreatmentOutcome.Defer => "deferred",
                _ => "marked for the Messenger",
            };
            trace.Add(Step(TraceStepKind.Choice, $"target {Addresses.Key(target.Recipient)} is {what}: so is the alias's copy"));
            return target.Treatment with
            {
                Reason = target.Treatment.Reason is { } reason ? $"alias {Addresses.Key(alias)}: {reason}" : null,
                EncryptToAll = [],
            };
        }
        return null;
    }

    private static Treatment Outbound(
        string alias, IReadOnlyList<RecipientDecision> targets, Func<RecipientDecision, ContentProtection, Treatment?> reformat, List<TraceStep> trace)
    {
        var first = targets[0].Treatment;
        if (!first.Routed || first.AlreadyEncrypted)
        {
            return first; // message-level facts: the same for every target
        }
        var encrypting = targets.Where(t => t.Treatment.Method is not null).ToList();
        var plain = targets.Where(t => t.Treatment.Method is null).ToList();
        if (encrypting.Count == 0)
        {
            return Unencrypted(targets.Select(t => t.Treatment), trace, null);
        }

        string why;
        if (plain.Count == 0)
        {
            var formats = encrypting.Select(t => PolicyEngine.FormatOf(t.Treatment.Method!.Value)).Distinct().ToList();
            if (formats.Count == 1)
            {
                return EncryptedToAll(targets.Select(t => t.Treatment).ToList(), trace);
            }
            foreach (var format in (ContentProtection[])[ContentProtection.Smime, ContentProtection.OpenPgp])
            {
                var again = targets.Select(t => PolicyEngine.FormatOf(t.Treatment.Method!.Value) == format ? t.Treatment : reformat(t, format)).ToList();
                if (again.All(t => t is not null))
                {
                    trace.Add(Step(TraceStepKind.Choice, $"the targets' first choices differ in format; every target has a usable {PolicyEngine.Format(format)} key"));
                    return EncryptedToAll(again!, trace);
                }
            }
            var smime = encrypting.Where(t => PolicyEngine.FormatOf(t.Treatment.Method!.Value) == ContentProtection.Smime).Select(t => Addresses.Key(t.Recipient));
            var pgp = encrypting.Where(t => PolicyEngine.FormatOf(t.Treatment.Method!.Value) == ContentProtection.OpenPgp).Select(t => Addresses.Key(t.Recipient));
            why = $"{string.Join(", ", smime)} can only be reached with S/MIME and {string.Join(", ", pgp)} only with OpenPGP";
        }
        else
        {
            why = $"{string.Join(", ", plain.Select(t => Addresses.Key(t.Recipient)))} {(plain.Count == 1 ? "has" : "have")} no usable key";
        }

        var mandatory = targets.Where(t => t.Effective?.Outbound?.Encryption == EncryptionRequirement.Mandatory).ToList();
        if (mandatory.Count == 0)
        {
            return Unencrypted(targets.Select(t => t.Treatment), trace, $"not encrypted: the one copy cannot be encrypted for every target ({why}) and no target makes encryption mandatory (IfPossible)");
        }
        var required = Addresses.Key(mandatory[0].Recipient);
        if (mandatory.Any(t => t.Effective!.Outbound!.OnMissingKey == MissingKeyAction.RefuseWithDsn))
        {
            trace.Add(Step(TraceStepKind.Choice, $"the one copy cannot be encrypted for every target ({why}) and encryption to {required} is mandatory: refused (onMissingKey=RefuseWithDsn)"));
            return new Treatment
            {
                Outcome = TreatmentOutcome.Refuse,
                Status = PolicyStatusCodes.EncryptionRequiredNoKey,
                Reason = $"alias {Addresses.Key(alias)}: encryption to {required} is mandatory and one copy for every target of the alias cannot be encrypted ({why})",
                Action = "refuse",
            };
        }
        trace.Add(Step(TraceStepKind.Choice, $"the one copy cannot be encrypted for every target ({why}) and encryption to {required} is mandatory: marked for the Messenger (onMissingKey=Messenger)"));
        return new Treatment { Outcome = TreatmentOutcome.Messenger, Action = "messenger" };
    }

    /// <summary>One copy encrypted to every target's key (all of one format), signed with the strongest of the targets' signing keys.</summary>
    private static Treatment EncryptedToAll(IReadOnlyList<Treatment> treatments, List<TraceStep> trace)
    {
        var pgp = PolicyEngine.FormatOf(treatments[0].Method!.Value) == ContentProtection.OpenPgp;
        var signWith = Strongest(treatments, pgp);
        var keys = treatments.SelectMany(t => t.RecipientKeys).DistinctBy(k => (k.Purpose, k.Owner, k.KeyId)).ToList();
        trace.Add(Step(TraceStepKind.Choice, $"encrypt the one copy to {string.Join(", ", keys.Select(k => $"the {KeyText.Purpose(k.Purpose)} of {k.Owner}"))}"
            + (signWith is null ? "" : $"; sign with the {KeyText.Purpose(signWith.Purpose)} of {signWith.Owner}")));
        return new Treatment
        {
            Outcome = TreatmentOutcome.Deliver,
            SignWith = signWith,
            Method = treatments[0].Method,
            EncryptTo = treatments[0].EncryptTo,
            EncryptToAll = keys,
            Action = PolicyEngine.OutboundAction(signWith, treatments.Select(t => t.Method!.Value)),
        };
    }

    private static Treatment Unencrypted(IEnumerable<Treatment> treatments, List<TraceStep> trace, string? why)
    {
        if (why is not null)
        {
            trace.Add(Step(TraceStepKind.Choice, why));
        }
        var signWith = Strongest(treatments.ToList(), pgp: false);
        return new Treatment { Outcome = TreatmentOutcome.Deliver, SignWith = signWith, Action = PolicyEngine.OutboundAction(signWith, []) };
    }

    /// <summary>The signing key one of the targets chose, personal before organisation, OpenPGP first for an OpenPGP copy.</summary>
    private static KeyStatus? Strongest(IReadOnlyList<Treatment> treatments, bool pgp) =>
        treatments.Select(t => t.SignWith).OfType<KeyStatus>().OrderByDescending(k => k.Purpose switch
        {
            KeyPurpose.SignPersonalPgp => pgp ? 4 : 2,
            KeyPurpose.SignDomainPgp => pgp ? 3 : 1,
            KeyPurpose.SignPersonal => pgp ? 2 : 4,
            _ => pgp ? 1 : 3,
        }).FirstOrDefault();

    private static Treatment Inbound(PolicyMessage message, IReadOnlyList<RecipientDecision> targets, List<TraceStep> trace)
    {
        var routed = targets.Where(t => t.Treatment.Routed).ToList();
        if (routed.Count == 0)
        {
            return targets[0].Treatment;
        }
        if (routed.Count < targets.Count)
        {
            trace.Add(Step(TraceStepKind.Choice, $"{string.Join(", ", targets.Where(t => !t.Treatment.Routed).Select(t => Addresses.Key(t.Recipient)))} not routed through policy: the copy is the one the routed targets need"));
        }
        var plans = routed.Select(t => t.Treatment.Inbound!).ToList();
        var decryptWith = plans.SelectMany(p => p.DecryptWith).DistinctBy(k => (k.Purpose, k.Owner)).ToList();
        var plan = new InboundPlan
        {
            DecryptWith = decryptWith,
            OnUnreadable = plans.Any(p => p.OnUnreadable == UnreadableAction.Refuse) ? UnreadableAction.Refuse : UnreadableAction.PassThrough,
            Verify = plans.Any(p => p.Verify),
            StampHeaders = plans.Any(p => p.StampHeaders),
            SubjectTag = plans.Select(p => p.SubjectTag).FirstOrDefault(t => t.Length > 0) ?? "",
            HarvestKeys = plans.Any(p => p.HarvestKeys),
            Unreadable = decryptWith.Count == 0 && plans.Any(p => p.Unreadable),
            AcceptWeakDigests = plans.All(p => p.AcceptWeakDigests),
        };
        return new Treatment { Outcome = TreatmentOutcome.Deliver, Inbound = plan, Action = PolicyEngine.InboundAction(plan, message.Encrypted) };
    }

    private static TraceStep Step(TraceStepKind kind, string text) => new() { Kind = kind, Text = text };
}
