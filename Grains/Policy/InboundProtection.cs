using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.Certificates.Revocation;
using Smgw.Crypto.OpenPgp;
using Smgw.Crypto.Smime;
using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Policy;
using Smgw.Storage.Secrets;

namespace Smgw.Grains.Policy;

/// <summary>
/// Inbound protection for one copy: the message is opened layer by layer (at most
/// <see cref="MessageProtection.MaxLayers"/>), as real clients nest them — S/MIME enveloped or
/// authEnveloped data, PGP/MIME or inline OpenPGP ciphertext, S/MIME signatures (clear-signed or
/// opaque, whose content is delivered unwrapped), PGP/MIME and cleartext OpenPGP signatures, and
/// ciphertext inside an outer signature (sign-then-encrypt-then-sign). The results are stamped
/// (X-SMGW-Decryption with the key and the cipher; X-SMGW-Signature for the signature over the
/// delivered content, outer signatures named after it). A signature over MD5 or SHA-1 is invalid
/// (WeakDigest) unless the policy accepts weak digests. Decryption failures reach the sender as one
/// generic text (no padding or key oracle, RFC 3218's concern); the detail goes to the log and the trace.
/// </summary>
internal sealed class InboundProtection(SmimeEngine smime, OpenPgpEngine pgp, SecretProtector secrets, KeyRevocation revocation, ILogger logger)
{
    /// <summary>The one text the sender learns about a failed decryption (DSN) and the stamp carries.</summary>
    public const string UndecryptableText = "the message could not be decrypted with the gateway's keys";

    public async Task<PolicyResult> ApplyAsync(
        PolicyRequest request, PolicyMessage facts, IReadOnlyList<string> recipients, InboundPlan plan, ResolvedKeys keys,
        List<HarvestedKey> harvested, List<string> trace, CancellationToken cancellationToken)
    {
        var decrypting = facts.Encrypted != ContentProtection.None && plan.DecryptWith.Count > 0;
        var verifying = plan.Verify && (facts.Signed != ContentProtection.None || decrypting);
        var stamping = plan.SubjectTag.Length > 0 || plan.StampHeaders;
        if (!decrypting && !verifying && !(stamping && facts.Encrypted != ContentProtection.None))
        {
            return new PolicyResult(recipients, request.Body); // nothing to open or to say: byte for byte
        }

        MimeMessage message;
        using (var stream = MessageProtection.Open(request.Body))
        {
            message = MimeMessage.Load(stream);
        }
        var queueId = request.Envelope.QueueId;
        string? decryption = null;
        var signatures = new List<string>();
        for (var depth = 0; depth < MessageProtection.MaxLayers && message.Body is { } body; depth++)
        {
            var (encrypted, signed, inner) = MessageProtection.Layer(body, inbound: true);
            if (encrypted != ContentProtection.None)
            {
                var smimeLayer = encrypted == ContentProtection.Smime;
                var usable = plan.DecryptWith.Where(k => smimeLayer
                    ? k.Purpose is KeyPurpose.DecryptOrganisation or KeyPurpose.DecryptPersonalSmime
                    : k.Purpose is KeyPurpose.DecryptDomainPgp or KeyPurpose.DecryptPersonalPgp).ToList();
                if (usable.Count == 0)
                {
                    decryption ??= "not decrypted; reason=no usable key of the gateway";
                    break;
                }
                try
                {
                    (message, var stamp) = smimeLayer ? DecryptSmime(message, usable, keys) : DecryptOpenPgp(message, usable, keys, plan, signatures, harvested);
                    decryption = decryption is null ? stamp : $"{decryption}; layers={depth + 1}";
                    continue;
                }
                catch (Exception ex) when (ex is SmimeException or OpenPgpException)
                {
                    // The detail stays inside: the log and the trace. The sender learns one text, whatever failed.
                    logger.LogWarning("{QueueId}: decryption for {Recipients} failed: {Detail}", queueId, string.Join(", ", recipients), ex.Message);
                    trace.Add($"decryption for {string.Join(", ", recipients)} failed: {Flat(ex.Message)}");
                    if (plan.OnUnreadable == UnreadableAction.Refuse)
                    {
                        Count(request, "decrypt-failed", recipients.Count);
                        return new PolicyResult(recipients, request.Body, PolicyStatusCodes.Undecryptable, UndecryptableText);
                    }
                    decryption ??= $"failed; reason={UndecryptableText}";
                    break;
                }
            }
            if (!plan.Verify || signed == ContentProtection.None)
            {
                break;
            }
            var innerEncrypted = inner is not null && MessageProtection.Layer(inner, inbound: true).Encrypted != ContentProtection.None;
            if (signed == ContentProtection.Smime)
            {
                var (stamp, content) = await VerifySmimeAsync(message, keys, plan, harvested, cancellationToken);
                signatures.Add(stamp);
                if (body is MultipartSigned outer && innerEncrypted)
                {
                    message = OpenPgpEngine.WithBody(message, outer[0]); // the outer signature is stamped; what it signed is opened next
                    continue;
                }
                if (body is not MultipartSigned && content is not null)
                {
                    message = OpenPgpEngine.WithBody(message, content); // opaque: delivered unwrapped, like a clear-signed message
                    continue;
                }
                break;
            }
            if (body is MultipartSigned pgpSigned)
            {
                signatures.Add(VerifyOpenPgp(message, keys, plan, harvested));
                if (innerEncrypted)
                {
                    message = OpenPgpEngine.WithBody(message, pgpSigned[0]);
                    continue;
                }
                break;
            }
            if (body is TextPart text)
            {
                signatures.Add(VerifyClearSigned(message, text, keys, plan, harvested));
            }
            break;
        }

        var stamps = new List<(string Field, string Value)>();
        if (decryption is not null)
        {
            stamps.Add(("X-SMGW-Decryption", decryption));
        }
        if (signatures.Count > 0)
        {
            // The signature over what is delivered is the innermost; outer ones are named after it.
            var outer = signatures.Take(signatures.Count - 1).Select(s => s.Split(';')[0]).ToList();
            stamps.Add(("X-SMGW-Signature", signatures[^1] + (outer.Count == 0 ? "" : $"; outer={string.Join(",", outer)}")));
        }
        if (plan.StampHeaders)
        {
            foreach (var (field, value) in stamps)
            {
                message.Headers.Add(field, value);
            }
        }
        if (plan.SubjectTag.Length > 0 && stamps.Count > 0 && !(message.Subject ?? "").StartsWith(plan.SubjectTag, StringComparison.Ordinal))
        {
            message.Subject = $"{plan.SubjectTag} {message.Subject}";
        }
        foreach (var (field, value) in stamps)
        {
            Count(request, (field, value.Split(';')[0]) switch
            {
                ("X-SMGW-Decryption", "decrypted") => "decrypted",
                ("X-SMGW-Decryption", _) => "decrypt-failed",
                ("X-SMGW-Signature", "valid") => "verified",
                _ => "verify-failed",
            }, recipients.Count);
        }
        logger.LogInformation("{QueueId}: inbound for {Recipients}: {Stamps}", queueId, string.Join(", ", recipients),
            stamps.Count == 0 ? "nothing to decrypt or verify" : string.Join("; ", stamps.Select(s => $"{s.Field}: {s.Value}")));
        return new PolicyResult(recipients, PolicyOutput.Serialize(message));
    }

    /// <summary>
    /// Decrypts with the first of the gateway's keys the message is encrypted to — a recipient's
    /// personal certificate before the organisation certificate of its domain — and stamps which one, and the cipher.
    /// </summary>
    private (MimeMessage Message, string Stamp) DecryptSmime(MimeMessage message, List<KeyStatus> decryptWith, ResolvedKeys keys)
    {
        var errors = new List<string>();
        foreach (var key in decryptWith.OrderBy(k => k.Purpose == KeyPurpose.DecryptPersonalSmime ? 0 : 1))
        {
            try
            {
                var decrypted = smime.Decrypt(message, [keys.Identity(key, secrets)]);
                return (decrypted.Message!, $"decrypted; key={key.KeyId} ({KeyText.Purpose(key.Purpose)} of {key.Owner}); cipher={SmimeOids.CipherName(decrypted.ContentEncryptionAlgorithm)}");
            }
            catch (SmimeException ex)
            {
                errors.Add(ex.Message);
            }
        }
        throw new SmimeException(string.Join("; ", errors.Distinct()));
    }

    /// <summary>Decrypts PGP/MIME or inline OpenPGP with the gateway's OpenPGP keys; signatures inside are verified and recorded.</summary>
    private (MimeMessage Message, string Stamp) DecryptOpenPgp(
        MimeMessage message, List<KeyStatus> decryptWith, ResolvedKeys keys, InboundPlan plan, List<string> signatures, List<HarvestedKey> harvested)
    {
        var secretKeys = decryptWith.Select(k => keys.OpenPgpSecret(k, secrets)).ToList();
        var (signers, carried) = Signers(message, keys);
        var inline = message.Body is not MultipartEncrypted;
        var decrypted = inline ? pgp.DecryptInline(message, secretKeys, signers) : pgp.Decrypt(message, secretKeys, signers);
        var used = decryptWith.FirstOrDefault(k => k.KeyId.StartsWith(decrypted.DecryptedWith, StringComparison.Ordinal));
        var stamp = $"decrypted; key={decrypted.DecryptedWith}{(used is null ? "" : $" ({KeyText.Purpose(used.Purpose)} of {used.Owner})")}; cipher={decrypted.SymmetricAlgorithm}{(inline ? "; inline" : "")}";
        var result = decrypted.Message ?? message;
        if (plan.Verify && decrypted.Signatures.Count > 0)
        {
            var signature = decrypted.Signatures.FirstOrDefault(s => Valid(s, plan)) ?? decrypted.Signatures[0];
            signatures.Add(Stamp(signature, carried, result, plan, harvested));
        }
        return (result, stamp);
    }

    /// <summary>
    /// Verifies an S/MIME signature against the tenant's trust anchors, then the revocation of the
    /// verified signer's chain (CRL, OCSP); harvests the signer's certificate when it verified and
    /// names the From address. Returns the stamp and the signed content.
    /// </summary>
    private async Task<(string Stamp, MimeEntity? Content)> VerifySmimeAsync(
        MimeMessage message, ResolvedKeys keys, InboundPlan plan, List<HarvestedKey> harvested, CancellationToken cancellationToken)
    {
        SmimeVerification verification;
        try
        {
            verification = smime.Verify(message, keys.Anchors);
        }
        catch (SmimeException ex)
        {
            return ($"invalid; reason={Flat(ex.Message)}", null);
        }
        var valid = plan.AcceptWeakDigests ? verification.IsValidAcceptingWeakDigest : verification.IsValid;
        var signerRevocation = valid && verification.Signer is { } verifiedSigner
            ? await revocation.CheckSignerAsync(verifiedSigner, keys.Anchors, verification.Included, cancellationToken)
            : null;
        var unusableSigner = signerRevocation is { Findings.Count: > 0 };
        var unknown = signerRevocation?.Elements.FirstOrDefault(e => e.Status.State == RevocationState.Unknown);
        var signer = $"signer={Flat(verification.Signer?.Subject ?? "")}";
        var weak = verification.WeakDigest is { } digest ? $"; digest={digest}, accepted by the policy (acceptWeakDigests)" : "";
        var stamp = (valid, unusableSigner) switch
        {
            (true, false) when unknown is not null => $"valid; {signer}{weak}; revocation=unknown, accepted by Smgw:Revocation:WhenUnknown ({Flat(unknown.Status.Detail)})",
            (true, false) => $"valid; {signer}{weak}",
            (true, true) => $"invalid; reason={Flat(string.Join("; ", signerRevocation!.Findings.Select(f => f.ToString())))}",
            _ => $"invalid; reason={Flat(string.Join("; ", verification.Reasons))}",
        };
        if (valid && !unusableSigner && plan.HarvestKeys && verification.Signer is { } certificate && message.From.Mailboxes.FirstOrDefault() is { } from)
        {
            // Only from a signature that verified against the tenant's anchors and names the From address.
            harvested.Add(new HarvestedKey(from.Address.Trim().ToLowerInvariant(), certificate.ExportCertificatePem(), OpenPgp: false));
        }
        return (stamp, verification.Content);
    }

    /// <summary>Verifies a PGP/MIME multipart/signed body against the stored keys of the From address and its domain.</summary>
    private string VerifyOpenPgp(MimeMessage message, ResolvedKeys keys, InboundPlan plan, List<HarvestedKey> harvested)
    {
        var (signers, carried) = Signers(message, keys);
        try
        {
            return Stamp(pgp.Verify(message, signers), carried, message, plan, harvested);
        }
        catch (OpenPgpException ex)
        {
            return $"invalid; reason={Flat(ex.Message)}";
        }
    }

    /// <summary>Verifies a cleartext-signed OpenPGP text (RFC 4880 §7) in the text body.</summary>
    private string VerifyClearSigned(MimeMessage message, TextPart text, ResolvedKeys keys, InboundPlan plan, List<HarvestedKey> harvested)
    {
        var (signers, carried) = Signers(message, keys);
        try
        {
            return Stamp(pgp.VerifyClearSigned(text, signers, message.From.Mailboxes.FirstOrDefault()?.Address), carried, message, plan, harvested) + "; inline";
        }
        catch (OpenPgpException ex)
        {
            return $"invalid; reason={Flat(ex.Message)}; inline";
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

    /// <summary>Valid, or valid but for a weak digest the policy accepts.</summary>
    private static bool Valid(OpenPgpVerification verification, InboundPlan plan) =>
        verification.IsValid || (plan.AcceptWeakDigests && verification.SignatureValid && verification.Problems.All(p => p.StartsWith("WeakDigest", StringComparison.Ordinal)));

    /// <summary>
    /// The X-SMGW-Signature stamp for one OpenPGP signature. A signature that verifies only with the
    /// key the message carried (Autocrypt) is valid on first use: the stamp says so, and the key
    /// is harvested for the From address.
    /// </summary>
    private static string Stamp(OpenPgpVerification verification, OpenPgpKey? carried, MimeMessage message, InboundPlan plan, List<HarvestedKey> harvested)
    {
        if (!Valid(verification, plan))
        {
            return $"invalid; reason={Flat(string.Join("; ", verification.Problems))}";
        }
        var weak = verification.IsValid ? "" : $"; digest={verification.HashAlgorithm}, accepted by the policy (acceptWeakDigests)";
        var signer = $"signer={Flat(verification.SignerUserId)} ({verification.SignerId}); openpgp{weak}";
        if (carried is null || verification.Signer?.Fingerprint != carried.Fingerprint)
        {
            return $"valid; {signer}";
        }
        if (plan.HarvestKeys && message.From.Mailboxes.FirstOrDefault() is { } from)
        {
            harvested.Add(new HarvestedKey(from.Address.Trim().ToLowerInvariant(), carried.ToArmored(), OpenPgp: true));
        }
        return $"valid; {signer}; key first seen in this message (Autocrypt)";
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

    private static void Count(PolicyRequest request, string kind, int recipients) =>
        PolicyMetrics.Count(request.Envelope.Direction.ToString().ToLowerInvariant(), request.Envelope.TenantId, kind, recipients);

    private static string Flat(string text) => PolicyOutput.Flat(text);
}
