using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// Decides, per recipient, what the gateway does with a message: the effective policy (field by
/// field, with the level it came from), the action (sign, encrypt, Messenger, refuse, decrypt,
/// verify, pass), the splits, and a trace of every step. Pure: no I/O, no clock, nothing is sent;
/// a dry run is a call with <see cref="PolicyMessage.DryRun"/>. See docs/POLICY.md.
/// </summary>
public static class PolicyEngine
{
    /// <summary>Alias chains longer than this stop expanding (the address reached is delivered to).</summary>
    public const int MaxAliasDepth = 10;

    public static PolicyDecision Decide(PolicyMessage message, PolicySet policies, IKeyDirectory keys)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(keys);

        var trace = new List<TraceStep>();
        var senderRouted = true;
        if (message.Direction == MailDirection.Outbound)
        {
            senderRouted = IsRouted(policies.Tenant, message.Sender);
            trace.Add(Step(TraceStepKind.Routing, RoutingText(policies.Tenant, message.Sender, "sender", senderRouted)));
        }

        var expansion = new AliasExpansion(policies.Aliases, MaxAliasDepth, trace);
        var finals = new List<RecipientDecision>();
        var envelope = new List<RecipientDecision>();
        // Recipients that differ only in case are one recipient (the workflow delivers the first spelling once).
        foreach (var recipient in message.Recipients.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var targets = expansion.Expand(recipient);
            var decided = targets.Select(t => DecideRecipient(message, policies, keys, t.Address, t.Via, senderRouted)).ToList();
            finals.AddRange(decided);
            envelope.Add(expansion.IsAlias(recipient) && !(decided is [var only] && only.Via.Count == 0)
                ? AliasCopy.Combine(message, recipient, decided, (target, format) => Reformat(message, keys, target, format))
                : decided[0] with { Recipient = recipient });
        }

        return new PolicyDecision
        {
            Message = message,
            Recipients = finals,
            Envelope = envelope,
            Splits = Copies.Split(envelope, message.Hidden),
            Trace = trace,
        };
    }

    /// <summary>
    /// An alias target's outbound treatment again, with only the methods of <paramref name="format"/>
    /// (so that one copy can carry every target's key); null when it has no usable key of that format.
    /// </summary>
    private static Treatment? Reformat(PolicyMessage message, IKeyDirectory keys, RecipientDecision target, ContentProtection format)
    {
        if (target.Effective?.Outbound is not { } rules || target.Treatment.Outcome != TreatmentOutcome.Deliver)
        {
            return null;
        }
        var restricted = rules with { Methods = rules.Methods!.Where(m => FormatOf(m) == format).ToList(), Encryption = EncryptionRequirement.Mandatory, OnMissingKey = MissingKeyAction.RefuseWithDsn };
        var treatment = Outbound(message, restricted, target.Recipient, keys, [], []);
        return treatment.Method is null ? null : treatment;
    }

    /// <summary>The format an encryption method writes.</summary>
    public static ContentProtection FormatOf(EncryptionMethod method) =>
        method is EncryptionMethod.PersonalSmime or EncryptionMethod.DomainSmime ? ContentProtection.Smime : ContentProtection.OpenPgp;

    private static RecipientDecision DecideRecipient(PolicyMessage message, PolicySet policies, IKeyDirectory keys, string recipient, IReadOnlyList<string> via, bool senderRouted)
    {
        var trace = new List<TraceStep>();
        if (via.Count > 0)
        {
            trace.Add(Step(TraceStepKind.Alias, $"{recipient} reached through {string.Join(", ", via)}: their policies apply too, the strictest value of each field wins"));
        }

        if (message.Direction == MailDirection.Outbound && !senderRouted)
        {
            return Unrouted(recipient, via, trace, "the sender is not routed through the gateway's policy");
        }
        if (message.Direction == MailDirection.Inbound)
        {
            var routedThrough = via.Prepend(recipient).FirstOrDefault(a => IsRouted(policies.Tenant, a));
            trace.Add(Step(TraceStepKind.Routing, RoutingText(policies.Tenant, routedThrough ?? recipient, "recipient", routedThrough is not null)));
            if (routedThrough is null)
            {
                return Unrouted(recipient, via, trace, "the recipient is not routed through the gateway's policy");
            }
        }

        // The recipient first: on equal strictness its own policy wins over an alias's.
        var resolutions = via.Prepend(recipient).Select(a => PolicyResolver.Resolve(policies, message.Direction, message.Sender, a)).ToList();
        foreach (var r in resolutions)
        {
            var prefix = r == resolutions[0] ? "" : $"via {r.Subject}: ";
            trace.AddRange(r.Steps.Select(s => s with { Text = prefix + s.Text }));
        }
        var errors = resolutions.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0)
        {
            var treatment = new Treatment
            {
                Outcome = TreatmentOutcome.Defer,
                Status = PolicyStatusCodes.ConfigurationError,
                Reason = "policy configuration error: " + string.Join("; ", errors),
                Action = "defer",
            };
            trace.Add(Step(TraceStepKind.Action, $"defer {treatment.Status} {treatment.Reason}"));
            return new RecipientDecision { Recipient = recipient, Via = via, Treatment = treatment, Trace = trace };
        }

        var effective = Strictest.Combine(message.Direction, resolutions, trace);
        var looked = new List<KeyStatus>();
        var result = message.Direction == MailDirection.Outbound
            ? Outbound(message, effective.Outbound!, recipient, keys, trace, looked)
            : Inbound(message, effective.Inbound!, recipient, keys, trace, looked);
        trace.Add(Step(TraceStepKind.Action, result.Status is null ? result.Action : $"{result.Action} {result.Status} {result.Reason}"));
        return new RecipientDecision { Recipient = recipient, Via = via, Effective = effective, Treatment = result, Trace = trace, Keys = looked };
    }

    private static Treatment Outbound(PolicyMessage message, OutboundRules rules, string recipient, IKeyDirectory keys, List<TraceStep> trace, List<KeyStatus> looked)
    {
        if (message.Encrypted != ContentProtection.None)
        {
            var counts = rules.Encryption == EncryptionRequirement.Mandatory ? "; counts as encrypted for encryption=Mandatory" : "";
            trace.Add(Step(TraceStepKind.Choice, $"message is already {Format(message.Encrypted)} encrypted: not encrypted again{counts}"));
            trace.Add(Step(TraceStepKind.Choice, "not signed: an encrypted message is not wrapped again"));
            return new Treatment { Outcome = TreatmentOutcome.Deliver, AlreadyEncrypted = true, Action = "deliver-already-encrypted" };
        }

        EncryptionMethod? method = null;
        KeyStatus? encryptTo = null;
        if (rules.Encryption == EncryptionRequirement.None)
        {
            trace.Add(Step(TraceStepKind.Choice, "not encrypted: encryption=None"));
        }
        else
        {
            foreach (var m in rules.Methods!)
            {
                var key = Look(keys, PurposeOf(m), OwnerOf(m, recipient), trace, looked);
                if (key.Usable)
                {
                    (method, encryptTo) = (m, key);
                    trace.Add(Step(TraceStepKind.Choice, $"encrypt to the {KeyText.Purpose(key.Purpose)} of {key.Owner}"));
                    break;
                }
            }
            if (method is null && rules.Methods!.Count == 0)
            {
                trace.Add(Step(TraceStepKind.Key, "no encryption method allowed (methods=[])"));
            }
            if (method is null && rules.Encryption == EncryptionRequirement.IfPossible)
            {
                trace.Add(Step(TraceStepKind.Choice, "no usable key: not encrypted (encryption=IfPossible)"));
            }
            if (method is null && rules.Encryption == EncryptionRequirement.Mandatory)
            {
                if (rules.OnMissingKey == MissingKeyAction.Messenger)
                {
                    trace.Add(Step(TraceStepKind.Choice, "no usable key and encryption=Mandatory: marked for the Messenger (onMissingKey=Messenger)"));
                    return new Treatment { Outcome = TreatmentOutcome.Messenger, Action = "messenger" };
                }
                var why = looked.Count == 0 ? "no encryption method allowed" : string.Join("; ", looked.Select(KeyText.Describe));
                trace.Add(Step(TraceStepKind.Choice, "no usable key and encryption=Mandatory: refused (onMissingKey=RefuseWithDsn)"));
                return new Treatment
                {
                    Outcome = TreatmentOutcome.Refuse,
                    Status = PolicyStatusCodes.EncryptionRequiredNoKey,
                    Reason = $"encryption to {Addresses.Key(recipient)} is mandatory and no usable key exists ({why})",
                    Action = "refuse",
                };
            }
        }

        KeyStatus? signWith = null;
        if (message.Signed != ContentProtection.None)
        {
            trace.Add(Step(TraceStepKind.Choice, $"not signed again: the message already carries a {Format(message.Signed)} signature"));
        }
        else if (rules.Sign == SignMode.None)
        {
            trace.Add(Step(TraceStepKind.Choice, "not signed: sign=None"));
        }
        else if (message.Sender.Length == 0)
        {
            trace.Add(Step(TraceStepKind.Choice, "not signed: null sender"));
        }
        else if (message.HeaderFrom is "")
        {
            trace.Add(Step(TraceStepKind.Choice, "not signed: the message has no single From address to sign for"));
        }
        else
        {
            if (method is EncryptionMethod.PersonalPgp or EncryptionMethod.DomainPgp)
            {
                // An OpenPGP-encrypted copy is signed with an OpenPGP key when the gateway holds one,
                // so that the recipient's OpenPGP client can verify it: the sender's own
                // (PersonalIfAvailable), else the sender domain's.
                if (rules.Sign == SignMode.PersonalIfAvailable)
                {
                    var personalPgp = Look(keys, KeyPurpose.SignPersonalPgp, Addresses.Key(message.Signer), trace, looked);
                    signWith = personalPgp.Usable ? personalPgp : null;
                }
                if (signWith is null)
                {
                    var pgp = Look(keys, KeyPurpose.SignDomainPgp, Addresses.Domain(message.Signer), trace, looked);
                    signWith = pgp.Usable ? pgp : null;
                }
            }
            if (signWith is null && rules.Sign == SignMode.PersonalIfAvailable)
            {
                var personal = Look(keys, KeyPurpose.SignPersonal, Addresses.Key(message.Signer), trace, looked);
                signWith = personal.Usable ? personal : null;
            }
            if (signWith is null)
            {
                var organisation = Look(keys, KeyPurpose.SignOrganisation, Addresses.Domain(message.Signer), trace, looked);
                signWith = organisation.Usable ? organisation : null;
            }
            trace.Add(Step(TraceStepKind.Choice, signWith is null
                ? "not signed: no usable signing certificate"
                : $"sign with the {KeyText.Purpose(signWith.Purpose)} of {signWith.Owner}"));
        }

        return new Treatment
        {
            Outcome = TreatmentOutcome.Deliver,
            SignWith = signWith,
            Method = method,
            EncryptTo = encryptTo,
            Action = OutboundAction(signWith, method is { } chosen ? [chosen] : []),
        };
    }

    /// <summary>The outbound action in words: the signing key's part, then each method's, joined by '+'; "deliver-plain" when none.</summary>
    public static string OutboundAction(KeyStatus? signWith, IEnumerable<EncryptionMethod> methods)
    {
        var parts = new List<string>();
        if (signWith is not null)
        {
            parts.Add(signWith.Purpose switch
            {
                KeyPurpose.SignPersonal => "sign-personal",
                KeyPurpose.SignDomainPgp => "sign-pgp-domain",
                KeyPurpose.SignPersonalPgp => "sign-pgp-personal",
                _ => "sign-organisation",
            });
        }
        parts.AddRange(methods.Distinct().Select(MethodAction));
        return parts.Count == 0 ? "deliver-plain" : string.Join("+", parts);
    }

    private static Treatment Inbound(PolicyMessage message, InboundRules rules, string recipient, IKeyDirectory keys, List<TraceStep> trace, List<KeyStatus> looked)
    {
        var usable = new List<KeyStatus>();
        var unreadable = false;
        if (message.Encrypted != ContentProtection.None)
        {
            var allowed = rules.DecryptWith!.Where(k => Fits(k, message.Encrypted)).ToList();
            if (allowed.Count == 0)
            {
                trace.Add(Step(TraceStepKind.Key, $"no key may decrypt {Format(message.Encrypted)} mail (decryptWith={PolicyResolver.Text(rules.DecryptWith)})"));
            }
            foreach (var kind in allowed)
            {
                var key = Look(keys, PurposeOf(kind), OwnerOf(kind, recipient), trace, looked);
                if (key.Usable)
                {
                    usable.Add(key);
                }
            }
            if (usable.Count > 0)
            {
                trace.Add(Step(TraceStepKind.Choice, "decrypt with " + string.Join(", then ", usable.Select(k => $"the {KeyText.Purpose(k.Purpose)} of {k.Owner}"))));
            }
            else if (rules.OnUnreadable == UnreadableAction.Refuse)
            {
                trace.Add(Step(TraceStepKind.Choice, "cannot decrypt: refused (onUnreadable=Refuse)"));
                return new Treatment
                {
                    Outcome = TreatmentOutcome.Refuse,
                    Status = PolicyStatusCodes.Undecryptable,
                    Reason = $"the message is {Format(message.Encrypted)} encrypted and the gateway holds no usable key to decrypt it for {Addresses.Key(recipient)}",
                    Action = "refuse",
                };
            }
            else
            {
                unreadable = true;
                trace.Add(Step(TraceStepKind.Choice, "cannot decrypt: delivered still encrypted (onUnreadable=PassThrough)"));
            }
        }

        var verify = rules.Verify!.Value;
        var harvest = rules.HarvestKeys!.Value && verify;
        if (rules.HarvestKeys!.Value && !verify)
        {
            trace.Add(Step(TraceStepKind.Choice, "no harvesting: keys are only harvested from verified signatures, and verify=false"));
        }
        var plan = new InboundPlan
        {
            DecryptWith = usable,
            OnUnreadable = rules.OnUnreadable!.Value,
            Verify = verify,
            StampHeaders = rules.StampHeaders!.Value,
            SubjectTag = rules.SubjectTag ?? "",
            HarvestKeys = harvest,
            Unreadable = unreadable,
            AcceptWeakDigests = rules.AcceptWeakDigests!.Value,
        };
        return new Treatment
        {
            Outcome = TreatmentOutcome.Deliver,
            Inbound = plan,
            Action = InboundAction(plan, message.Encrypted),
        };
    }

    /// <summary>The inbound action in words, e.g. "decrypt-smime+verify+harvest+stamp"; "deliver" when nothing is done.</summary>
    public static string InboundAction(InboundPlan plan, ContentProtection encrypted)
    {
        var parts = new List<string>();
        if (plan.DecryptWith.Count > 0)
        {
            parts.Add(encrypted == ContentProtection.Smime ? "decrypt-smime" : "decrypt-pgp");
        }
        if (plan.Unreadable)
        {
            parts.Add("pass-encrypted");
        }
        if (plan.Verify)
        {
            parts.Add(plan.AcceptWeakDigests ? "verify(accept-weak-digests)" : "verify");
        }
        if (plan.HarvestKeys)
        {
            parts.Add("harvest");
        }
        if (plan.StampHeaders)
        {
            parts.Add("stamp");
        }
        if (plan.SubjectTag.Length > 0)
        {
            parts.Add($"tag({plan.SubjectTag})");
        }
        return parts.Count == 0 ? "deliver" : string.Join("+", parts);
    }

    private static RecipientDecision Unrouted(string recipient, IReadOnlyList<string> via, List<TraceStep> trace, string why)
    {
        var treatment = new Treatment { Outcome = TreatmentOutcome.Deliver, Routed = false, Action = "pass-unrouted" };
        trace.Add(Step(TraceStepKind.Action, $"pass-unrouted ({why}: passed on as it is, no policy applied)"));
        return new RecipientDecision { Recipient = recipient, Via = via, Treatment = treatment, Trace = trace };
    }

    /// <summary>CL-9: an address of the tenant's domains that is not listed is not routed through policy (only with ListedAddresses).</summary>
    public static bool IsRouted(TenantConfig? tenant, string address)
    {
        if (tenant is null || tenant.RoutingMode == RoutingMode.AllUsers || address.Length == 0)
        {
            return true;
        }
        var domain = Addresses.Domain(address);
        if (!tenant.Domains.Any(d => string.Equals(d.Trim(), domain, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        return tenant.ListedAddresses.Any(l => Addresses.Same(l, address));
    }

    private static string RoutingText(TenantConfig? tenant, string address, string role, bool routed)
    {
        if (tenant is null)
        {
            return "no tenant: the standard rules apply";
        }
        if (tenant.RoutingMode == RoutingMode.AllUsers)
        {
            return $"tenant {tenant.Id} routes all users through the gateway";
        }
        var shown = address.Length == 0 ? "<>" : Addresses.Key(address);
        if (!routed)
        {
            return $"{role} {shown} is not listed (tenant {tenant.Id} routes listed addresses only): passed through without policy";
        }
        return tenant.ListedAddresses.Any(l => Addresses.Same(l, address))
            ? $"{role} {shown} is listed (tenant {tenant.Id} routes listed addresses only)"
            : $"{role} {shown} is not an address of tenant {tenant.Id}: policy applies";
    }

    private static KeyStatus Look(IKeyDirectory keys, KeyPurpose purpose, string owner, List<TraceStep> trace, List<KeyStatus> looked)
    {
        var key = keys.Find(purpose, owner);
        if (key.Purpose != purpose)
        {
            key = key with { Purpose = purpose };
        }
        looked.Add(key);
        trace.Add(Step(TraceStepKind.Key, KeyText.Describe(key)));
        return key;
    }

    private static KeyPurpose PurposeOf(EncryptionMethod method) => method switch
    {
        EncryptionMethod.PersonalSmime => KeyPurpose.EncryptPersonalSmime,
        EncryptionMethod.PersonalPgp => KeyPurpose.EncryptPersonalPgp,
        EncryptionMethod.DomainSmime => KeyPurpose.EncryptDomainSmime,
        _ => KeyPurpose.EncryptDomainPgp,
    };

    private static string OwnerOf(EncryptionMethod method, string recipient) =>
        method is EncryptionMethod.DomainSmime or EncryptionMethod.DomainPgp ? Addresses.Domain(recipient) : Addresses.Key(recipient);

    private static KeyPurpose PurposeOf(DecryptionKey key) => key switch
    {
        DecryptionKey.Organisation => KeyPurpose.DecryptOrganisation,
        DecryptionKey.PersonalSmime => KeyPurpose.DecryptPersonalSmime,
        DecryptionKey.DomainPgp => KeyPurpose.DecryptDomainPgp,
        _ => KeyPurpose.DecryptPersonalPgp,
    };

    private static string OwnerOf(DecryptionKey key, string recipient) =>
        key is DecryptionKey.Organisation or DecryptionKey.DomainPgp ? Addresses.Domain(recipient) : Addresses.Key(recipient);

    private static bool Fits(DecryptionKey key, ContentProtection format) =>
        format == ContentProtection.Smime
            ? key is DecryptionKey.Organisation or DecryptionKey.PersonalSmime
            : key is DecryptionKey.DomainPgp or DecryptionKey.PersonalPgp;

    private static string MethodAction(EncryptionMethod method) => method switch
    {
        EncryptionMethod.PersonalSmime => "encrypt-smime-personal",
        EncryptionMethod.PersonalPgp => "encrypt-pgp-personal",
        EncryptionMethod.DomainSmime => "encrypt-smime-domain",
        _ => "encrypt-pgp-domain",
    };

    internal static string Format(ContentProtection protection) => protection == ContentProtection.Smime ? "S/MIME" : "OpenPGP";

    private static TraceStep Step(TraceStepKind kind, string text) => new() { Kind = kind, Text = text };
}
