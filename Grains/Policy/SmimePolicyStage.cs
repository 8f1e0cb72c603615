using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.OpenPgp;
using Smgw.Crypto.Certificates.Revocation;
using Smgw.Crypto.Smime;
using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Smgw.Storage.Secrets;

namespace Smgw.Grains.Policy;

/// <summary>
/// The encryption-policy stage: reads the policy set and the keys from the grains, lets
/// <see cref="PolicyEngine.Decide"/> decide per recipient, and produces a body per split — signed
/// with the organisation certificate of the sender's domain (or the sender's personal certificate
/// the gateway holds, when the policy says PersonalIfAvailable) and/or encrypted (S/MIME) to the
/// recipients' personal or domain certificates — or a refusal (DSN) or a deferral. Validation,
/// decision and crypto run on the thread pool, not on the calling grain's scheduler. Never
/// delivers plaintext where the decision says encrypt: a crypto failure defers.
/// Inbound: S/MIME decryption with the recipient's personal or the organisation certificate, and
/// signature verification with a revocation check of the verified signer, stamped in X-SMGW-* headers. A recipient marked for the Messenger gets a result with
/// <see cref="PolicyResult.Messenger"/> set: the workflow stores the message in the Messenger for them.
/// </summary>
public sealed partial class SmimePolicyStage(
    IGrainFactory grains,
    PolicyContextLoader loader,
    SecretProtector secrets,
    KeyRevocation revocation,
    KeyCache keyCache,
    TimeProvider time,
    ILogger<SmimePolicyStage> logger,
    Wkd.WkdClient? wkd = null) : IPolicyStage
{
    private readonly SmimeEngine _engine = new(time, keyCache.ValidateSigner);
    private readonly OpenPgpEngine _pgp = new(time);
    private readonly CertificateValidator _validator = new(time);
    private readonly InboundProtection _inbound = new(new SmimeEngine(time, keyCache.ValidateSigner), new OpenPgpEngine(time), secrets, revocation, logger);

    public async Task<PolicyStageOutcome> ApplyAsync(PolicyRequest request, CancellationToken cancellationToken)
    {
        var (named, from) = TopLevelHeaders.Addresses(request.Body);
        request = request with { Body = Scrub(request) };
        var (encrypted, signed) = MessageProtection.Detect(request.Body, inbound: request.Envelope.Direction == MailDirection.Inbound);
        var hidden = request.Recipients.Where(r => !named.Contains(r.Trim())).ToList();
        var message = PolicyMessage.From(request.Envelope, encrypted, signed, request.Recipients, hidden) with { HeaderFrom = from };
        var context = await loader.LoadAsync(message);
        if (request.Envelope.Direction == MailDirection.Outbound && wkd is { Enabled: true })
        {
            context = await WithWkdKeysAsync(request, context, cancellationToken);
        }
        if (request.Envelope.Direction == MailDirection.Inbound && (encrypted == ContentProtection.OpenPgp || signed == ContentProtection.OpenPgp))
        {
            context = await WithHeaderFromKeysAsync(context, request.Body);
        }
        var revoked = await revocation.CheckAsync(context, cancellationToken);
        var harvested = new List<HarvestedKey>();
        // Crypto runs on the thread pool; only the revocation check of an inbound signer awaits in between.
        var outcome = await Task.Run(() => ApplyAsync(request, context, revoked, harvested, cancellationToken), cancellationToken);
        foreach (var key in harvested.DistinctBy(h => (h.Address, h.OpenPgp)))
        {
            var stored = key.OpenPgp
                ? await grains.GetGrain<IKeyStoreGrain>(key.Address).LearnOpenPgpAsync(key.Material, "harvested")
                : await grains.GetGrain<IKeyStoreGrain>(key.Address).HarvestAsync(key.Material);
            if (stored)
            {
                logger.LogInformation("{QueueId}: harvested the {Kind} of {Address} from its verified signature", request.Envelope.QueueId, key.OpenPgp ? "OpenPGP key" : "certificate", key.Address);
            }
        }
        return outcome;
    }

    private async Task<PolicyStageOutcome> ApplyAsync(
        PolicyRequest request, PolicyContext context, IReadOnlyDictionary<string, ChainRevocation> revoked, List<HarvestedKey> harvested,
        CancellationToken cancellationToken)
    {
        using var keys = ResolvedKeys.Resolve(context, _validator, revoked, time, keyCache);
        var decision = PolicyEngine.Decide(context.Message, context.Policies, keys.Directory);
        var text = PolicyDecisionText.Render(decision);
        // One line per message at Information; the whole trace at Debug (it is kept in the message's
        // state and served by GET /api/queue/{id}): the multi-line trace per message cost ~10 % of the
        // S/MIME path's CPU in the console logger (docs/PERFORMANCE.md).
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("{QueueId}: policy decision\n{Decision}", request.Envelope.QueueId, text);
        }
        else
        {
            logger.LogInformation("{QueueId}: policy: {Actions}", request.Envelope.QueueId,
                string.Join(", ", decision.Recipients.Select(r => $"<{r.Recipient}> {r.Treatment.Action}")));
        }

        // Exactly the copies the decision (and so the dry run) names: the engine split the recipients.
        var results = new List<PolicyResult>();
        var stageTrace = new List<string>();
        foreach (var split in decision.Splits)
        {
            var recipients = split.Recipients.ToList();
            var decisions = recipients.Select(r => decision.ForEnvelope(r)!).ToList();
            var treatment = decisions[0].Treatment;
            switch (treatment.Outcome)
            {
                case TreatmentOutcome.Refuse:
                case TreatmentOutcome.Defer:
                    Count(request, treatment.Outcome == TreatmentOutcome.Defer ? "deferred" : "refused", recipients.Count);
                    results.AddRange(decisions.Select(d => new PolicyResult(
                        [d.Recipient], request.Body, d.Treatment.Status ?? "5.7.1", d.Treatment.Reason ?? "refused by policy",
                        Temporary: treatment.Outcome == TreatmentOutcome.Defer)));
                    break;
                case TreatmentOutcome.Messenger:
                    Count(request, "messenger", recipients.Count);
                    results.Add(new PolicyResult(recipients, request.Body, Messenger: true));
                    break;
                case TreatmentOutcome.Deliver when request.Envelope.Direction == MailDirection.Inbound:
                    results.Add(treatment.Inbound is { } plan
                        ? await _inbound.ApplyAsync(request, context.Message, recipients, plan, keys, harvested, stageTrace, cancellationToken)
                        : new PolicyResult(recipients, request.Body)); // not routed through policy
                    break;
                default:
                    results.Add(Deliver(request, recipients, decisions, keys));
                    break;
            }
        }
        var decided = results.SelectMany(r => r.Recipients).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var missing in request.Recipients.Where(r => !decided.Contains(r)))
        {
            // Never reached while the engine decides every envelope recipient; a safety net, not a path.
            results.Add(new PolicyResult([missing], request.Body, PolicyStatusCodes.ConfigurationError, "the policy engine made no decision for this recipient", Temporary: true));
        }
        return new PolicyStageOutcome(results, [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. stageTrace]);
    }

    private PolicyResult Deliver(PolicyRequest request, List<string> recipients, List<RecipientDecision> decisions, ResolvedKeys keys)
    {
        var treatment = decisions[0].Treatment;
        if (treatment.AlreadyEncrypted || (treatment.Method is null && treatment.SignWith is null))
        {
            return new PolicyResult(recipients, request.Body);
        }
        try
        {
            // Parsed without copying the parts' contents (persistent: they stay ranges of the stored bytes while the stream lives).
            using var stream = MessageProtection.Open(request.Body);
            var message = MimeMessage.Load(stream, persistent: true);
            if (treatment.Method is EncryptionMethod.PersonalPgp or EncryptionMethod.DomainPgp || treatment.SignWith?.Purpose is KeyPurpose.SignDomainPgp or KeyPurpose.SignPersonalPgp)
            {
                return DeliverOpenPgp(request, recipients, decisions, keys, message);
            }
            var signer = treatment.SignWith is { } signWith ? keys.Identity(signWith, secrets) : null;
            var encryptTo = treatment.Method is null
                ? []
                : decisions.SelectMany(d => d.Treatment.RecipientKeys).DistinctBy(k => (k.Purpose, k.Owner)).Select(keys.Recipient).ToList();
            var result = (signer, encryptTo.Count) switch
            {
                (not null, > 0) => _engine.SignAndEncrypt(message, signer, encryptTo),
                (not null, _) => _engine.Sign(message, signer),
                _ => _engine.Encrypt(message, encryptTo),
            };
            if (signer is not null)
            {
                Count(request, "signed", recipients.Count);
            }
            if (encryptTo.Count > 0)
            {
                Count(request, treatment.Method is EncryptionMethod.DomainSmime ? "domain-encrypted" : "encrypted-smime", recipients.Count);
            }
            return new PolicyResult(recipients, PolicyOutput.Serialize(result));
        }
        catch (Exception ex) when (ex is SmimeException or OpenPgpException or NotSupportedException or InvalidOperationException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            // Fail closed: never the plaintext instead; the queue retries, the sender learns after the queue lifetime.
            logger.LogWarning("{QueueId}: {Action} for {Recipients} failed: {Error}", request.Envelope.QueueId, treatment.Action, string.Join(", ", recipients), ex.Message);
            return new PolicyResult(recipients, request.Body, "4.7.0", $"{treatment.Action} failed: {ex.Message}", Temporary: true);
        }
    }

    private static void Count(PolicyRequest request, string kind, int recipients) =>
        PolicyMetrics.Count(request.Envelope.Direction.ToString().ToLowerInvariant(), request.Envelope.TenantId, kind, recipients);

    /// <summary>
    /// Header fields removed from the stored bytes before anything else, for every recipient, routed
    /// or not: <c>Bcc</c> (RFC 5322 §3.6.3: never in a copy that leaves), and <c>X-SMGW-*</c> unless
    /// the gateway wrote the message itself (from outside they are forgeries of its stamps). The rest
    /// of the message stays byte for byte.
    /// </summary>
    private static ReadOnlyMemory<byte> Scrub(PolicyRequest request)
    {
        var own = request.Envelope.GeneratedBy is not null;
        var body = TopLevelHeaders.Remove(request.Body, name =>
            System.Text.Ascii.EqualsIgnoreCase(name, "Bcc"u8) || (!own && TopLevelHeaders.StartsWith(name, "X-SMGW-"u8)));
        if (request.Envelope.SpoofedFrom is { } spoofed && !own)
        {
            // Smgw:Smtp:SpoofedHeaderFrom=Mark: accepted, and every recipient is told.
            var mark = System.Text.Encoding.ASCII.GetBytes($"X-SMGW-Spoofed-From: <{PolicyOutput.Flat(spoofed)}>; reason=header From in a domain hosted here, received from outside\r\n");
            var marked = new byte[mark.Length + body.Length];
            mark.CopyTo(marked, 0);
            body.Span.CopyTo(marked.AsSpan(mark.Length));
            body = marked;
        }
        return body;
    }
}
