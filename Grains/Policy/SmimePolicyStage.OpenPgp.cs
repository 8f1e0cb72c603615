using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Grains.Policy.Decisions;
using Smgw.Crypto.OpenPgp;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>
/// The OpenPGP half of the policy stage: PGP/MIME (RFC 3156) encryption to personal or domain
/// keys, signing with the sender's personal or the sender domain's OpenPGP key, inbound decryption with the gateway's
/// domain or personal keys, verification against stored keys, and harvesting a correspondent's
/// key from the Autocrypt header of a message whose signature it verifies.
/// </summary>
public sealed partial class SmimePolicyStage
{
    private PolicyResult DeliverOpenPgp(PolicyRequest request, List<string> recipients, List<RecipientDecision> decisions, ResolvedKeys keys, MimeMessage message)
    {
        var treatment = decisions[0].Treatment;
        var encryptTo = treatment.Method is null
            ? []
            : decisions.SelectMany(d => d.Treatment.RecipientKeys).DistinctBy(k => (k.Purpose, k.Owner)).Select(keys.OpenPgpPublic).ToList();
        MimeMessage result;
        if (treatment.SignWith is { Purpose: KeyPurpose.SignDomainPgp or KeyPurpose.SignPersonalPgp } pgpSigner)
        {
            var signer = keys.OpenPgpSecret(pgpSigner, secrets);
            result = encryptTo.Count > 0 ? _pgp.SignAndEncrypt(message, signer, encryptTo) : _pgp.Sign(message, signer);
        }
        else if (treatment.SignWith is { } smimeSigner)
        {
            // No OpenPGP key of the sender's domain: the S/MIME signature goes inside the OpenPGP encryption (RFC 3156 6.1 nesting).
            result = _pgp.Encrypt(_engine.Sign(message, keys.Identity(smimeSigner, secrets)), encryptTo);
        }
        else
        {
            result = _pgp.Encrypt(message, encryptTo);
        }
        if (treatment.SignWith is not null)
        {
            Count(request, "signed", recipients.Count);
        }
        if (encryptTo.Count > 0)
        {
            Count(request, treatment.Method is EncryptionMethod.DomainPgp ? "domain-encrypted" : "encrypted-pgp", recipients.Count);
        }
        logger.LogInformation("{QueueId}: {Action} for {Recipients}: keys {Keys}", request.Envelope.QueueId, treatment.Action, string.Join(", ", recipients),
            string.Join(", ", encryptTo.Select(k => k.Fingerprint).Concat(treatment.SignWith is { } s ? [$"signed by {s.KeyId}"] : [])));
        return new PolicyResult(recipients, PolicyOutput.Serialize(result));
    }

    /// <summary>
    /// Web Key Directory: for every recipient whose decision would use a personal OpenPGP key that
    /// the gateway does not have, the key is looked up by WKD; keys found are stored (source "wkd")
    /// and the context is read again, so the decision and its trace see them.
    /// </summary>
    private async Task<PolicyContext> WithWkdKeysAsync(PolicyRequest request, PolicyContext context, CancellationToken cancellationToken)
    {
        var wanted = await Task.Run(() =>
        {
            using var keys = ResolvedKeys.Resolve(context, _validator, null, time, keyCache);
            return PolicyEngine.Decide(context.Message, context.Policies, keys.Directory).Recipients
                .SelectMany(d => d.Keys)
                .Where(k => k.Purpose == KeyPurpose.EncryptPersonalPgp && k.State == KeyState.Missing)
                .Select(k => k.Owner.Trim().ToLowerInvariant())
                .Distinct()
                .ToList();
        }, cancellationToken);
        if (wanted.Count == 0)
        {
            return context;
        }
        var found = await Task.WhenAll(wanted.Select(async address => (Address: address, Result: await wkd!.LookupAsync(address, cancellationToken))));
        var learnt = 0;
        foreach (var (address, (armored, detail)) in found)
        {
            if (armored is not null && await grains.GetGrain<IKeyStoreGrain>(address).LearnOpenPgpAsync(armored, "wkd"))
            {
                learnt++;
            }
            logger.LogInformation("{QueueId}: WKD lookup for {Address}: {Detail}", request.Envelope.QueueId, address, detail);
        }
        return learnt == 0 ? context : await loader.LoadAsync(context.Message);
    }

    /// <summary>Inbound OpenPGP: the key store of the header From address too (the loader read the envelope sender's).</summary>
    private async Task<PolicyContext> WithHeaderFromKeysAsync(PolicyContext context, ReadOnlyMemory<byte> body)
    {
        HeaderList headers;
        using (var stream = MessageProtection.Open(body))
        {
            try
            {
                headers = HeaderList.Load(stream);
            }
            catch (FormatException)
            {
                return context;
            }
        }
        if (headers[HeaderId.From] is not { } value || !InternetAddressList.TryParse(value, out var list) || list.Mailboxes.FirstOrDefault() is not { } from)
        {
            return context;
        }
        var address = from.Address.Trim().ToLowerInvariant();
        var domain = address[(address.LastIndexOf('@') + 1)..];
        var keys = new Dictionary<string, IReadOnlyList<KeyMaterial>>(context.Keys, StringComparer.Ordinal);
        var missing = new[] { address, domain }.Where(o => o.Length > 0 && !keys.ContainsKey(o)).ToList();
        foreach (var (owner, material) in await loader.KeysAsync(context.Message.TenantId, missing))
        {
            keys[owner] = material;
        }
        return context with { Keys = keys };
    }

}
