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
    /// <summary>A key learnt from a verified inbound signature, stored after the CPU work.</summary>
    private sealed record HarvestedKey(string Address, string Material, bool OpenPgp);

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
        return new PolicyResult(recipients, Serialize(result));
    }

    /// <summary>Decrypts PGP/MIME or inline OpenPGP with the gateway's OpenPGP keys; signatures inside are verified and stamped.</summary>
    private MimeMessage DecryptOpenPgp(MimeMessage message, List<KeyStatus> decryptWith, ResolvedKeys keys, InboundPlan plan, List<(string Field, string Value)> stamps, List<HarvestedKey> harvested)
    {
        var secretKeys = decryptWith.Select(k => keys.OpenPgpSecret(k, secrets)).ToList();
        var (signers, carried) = Signers(message, keys);
        // PGP/MIME (multipart/encrypted), or inline: an armoured message in a text/plain body.
        var inline = message.Body is not MultipartEncrypted;
        var decrypted = inline ? _pgp.DecryptInline(message, secretKeys, signers) : _pgp.Decrypt(message, secretKeys, signers);
        var used = decryptWith.FirstOrDefault(k => k.KeyId.StartsWith(decrypted.DecryptedWith, StringComparison.Ordinal));
        stamps.Add(("X-SMGW-Decryption", $"decrypted; key={decrypted.DecryptedWith}{(used is null ? "" : $" ({KeyText.Purpose(used.Purpose)} of {used.Owner})")}; cipher={decrypted.SymmetricAlgorithm}{(inline ? "; inline" : "")}"));
        var result = decrypted.Message ?? message;
        if (plan.Verify && decrypted.Signatures.Count > 0)
        {
            var signature = decrypted.Signatures.FirstOrDefault(s => s.IsValid) ?? decrypted.Signatures[0];
            stamps.Add(Stamp(signature, carried, result, plan, harvested));
        }
        return result;
    }

    /// <summary>Verifies a PGP/MIME multipart/signed body against the stored keys of the From address and its domain.</summary>
    private (string Field, string Value) VerifyOpenPgp(MimeMessage message, ResolvedKeys keys, InboundPlan plan, List<HarvestedKey> harvested)
    {
        var (signers, carried) = Signers(message, keys);
        try
        {
            return Stamp(_pgp.Verify(message, signers), carried, message, plan, harvested);
        }
        catch (OpenPgpException ex)
        {
            return ("X-SMGW-Signature", $"invalid; reason={Flat(ex.Message)}");
        }
    }

    /// <summary>
    /// The keys a signature of the From address is checked against: the stored keys of the address
    /// and of its domain, and a key the message carries in its Autocrypt header for that address
    /// (only when no OpenPGP key is stored for the address: trust on first use).
    /// </summary>
    private static (IReadOnlyList<OpenPgpKey> Signers, OpenPgpKey? Carried) Signers(MimeMessage message, ResolvedKeys keys)
    {
        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        if (from.Length == 0)
        {
            return ([], null);
        }
        var stored = keys.OpenPgpSigners(from);
        // Trust on first use only: a carried key never competes with a key already stored for the address.
        var carried = keys.HasOpenPgpKey(from) ? null : AutocryptKey(message, from);
        return carried is null || stored.Any(k => k.Fingerprint == carried.Fingerprint)
            ? (stored, null)
            : ([.. stored, carried], carried);
    }

    /// <summary>
    /// The X-SMGW-Signature stamp for one OpenPGP signature. A signature that verifies only with the
    /// key the message carried (Autocrypt) is valid on first use: the stamp says so, and the key
    /// is harvested for the From address.
    /// </summary>
    private static (string Field, string Value) Stamp(OpenPgpVerification verification, OpenPgpKey? carried, MimeMessage message, InboundPlan plan, List<HarvestedKey> harvested)
    {
        if (!verification.IsValid)
        {
            return ("X-SMGW-Signature", $"invalid; reason={Flat(string.Join("; ", verification.Problems))}");
        }
        var signer = $"signer={Flat(verification.SignerUserId)} ({verification.SignerId}); openpgp";
        if (carried is null || verification.Signer?.Fingerprint != carried.Fingerprint)
        {
            return ("X-SMGW-Signature", $"valid; {signer}");
        }
        if (plan.HarvestKeys && message.From.Mailboxes.FirstOrDefault() is { } from)
        {
            harvested.Add(new HarvestedKey(from.Address.Trim().ToLowerInvariant(), carried.ToArmored(), OpenPgp: true));
        }
        return ("X-SMGW-Signature", $"valid; {signer}; key first seen in this message (Autocrypt)");
    }

    /// <summary>The key in an Autocrypt header (addr=…; keydata=base64) for <paramref name="from"/>, or null.</summary>
    private static OpenPgpKey? AutocryptKey(MimeMessage message, string from)
    {
        foreach (var header in message.Headers.Where(h => h.Field.Equals("Autocrypt", StringComparison.OrdinalIgnoreCase)))
        {
            var attributes = header.Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a.Split('=', 2))
                .Where(a => a.Length == 2)
                .GroupBy(a => a[0].Trim().ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.First()[1].Trim());
            if (!attributes.TryGetValue("addr", out var addr) || !addr.Equals(from, StringComparison.OrdinalIgnoreCase) || !attributes.TryGetValue("keydata", out var data))
            {
                continue;
            }
            try
            {
                var key = OpenPgpKey.Parse(Convert.FromBase64String(string.Concat(data.Where(c => !char.IsWhiteSpace(c)))));
                return key.Count == 1 ? key[0] : null;
            }
            catch (Exception e) when (e is FormatException or OpenPgpException)
            {
                return null;
            }
        }
        return null;
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

    private static bool IsOpenPgpSigned(MimeEntity? body) =>
        body is MultipartSigned signed && (signed.ContentType.Parameters["protocol"] ?? "").Contains("pgp-signature", StringComparison.OrdinalIgnoreCase);

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
