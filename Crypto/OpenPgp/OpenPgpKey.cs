using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Smgw.Crypto.OpenPgp;

/// <summary>
/// An OpenPGP public key (transferable public key: primary key, user ids, subkeys, signatures)
/// and its validation: self-signatures, subkey bindings and revocations are verified
/// cryptographically, not just looked at. Immutable; thread-safe.
/// </summary>
public sealed class OpenPgpKey
{
    private const int KeyFlagSign = 0x02;
    private const int KeyFlagEncrypt = 0x04 | 0x08;

    /// <summary>Self-signature verifications, by signature object: they do not depend on the time, only validity periods do.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<PgpSignature, bool> _verified = new(ReferenceEqualityComparer.Instance);

    /// <summary>Wraps a parsed key ring.</summary>
    public OpenPgpKey(PgpPublicKeyRing ring)
    {
        Ring = ring ?? throw new ArgumentNullException(nameof(ring));
        RsaModulusCheck.Check(ring.GetPublicKeys());
        Fingerprint = Convert.ToHexString(Primary.GetFingerprint());
    }

    /// <summary>The key ring as BouncyCastle parsed it.</summary>
    public PgpPublicKeyRing Ring { get; }

    /// <summary>The primary key.</summary>
    public PgpPublicKey Primary => Ring.GetPublicKey();

    /// <summary>The primary key's fingerprint, upper-case hex (40 digits for v4 keys).</summary>
    public string Fingerprint { get; }

    /// <summary>Every user id on the key (self-certified or not; see <see cref="OpenPgpKeyValidation.UserIds"/>).</summary>
    public IReadOnlyList<string> AllUserIds => Primary.GetUserIds().ToList();

    /// <summary>Parses one or more public keys, ASCII-armoured or binary. A secret key ring yields its public part.</summary>
    /// <exception cref="OpenPgpException">Not an OpenPGP key.</exception>
    public static IReadOnlyList<OpenPgpKey> Parse(ReadOnlySpan<byte> data)
    {
        var keys = new List<OpenPgpKey>();
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(data.ToArray(), writable: false));
            var factory = new PgpObjectFactory(input);
            PgpObject? next;
            while ((next = factory.NextPgpObject()) is not null)
            {
                switch (next)
                {
                    case PgpPublicKeyRing ring:
                        keys.Add(new OpenPgpKey(ring));
                        break;
                    case PgpSecretKeyRing secret:
                        keys.Add(new OpenPgpKey(PublicRingOf(secret)));
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or PgpException or InvalidOperationException or ArgumentException)
        {
            throw new OpenPgpException($"not an OpenPGP key ({e.Message})", e);
        }
        if (keys.Count == 0)
        {
            throw new OpenPgpException("no OpenPGP public key found");
        }
        return keys;
    }

    /// <summary>Parses ASCII-armoured text.</summary>
    public static IReadOnlyList<OpenPgpKey> Parse(string armored) => Parse(Encoding.UTF8.GetBytes(armored ?? ""));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<OpenPgpKey>> ParsedStored = new(StringComparer.Ordinal);

    /// <summary>
    /// Parses a stored armoured key, sharing the parsed (immutable) key between calls with the same
    /// text: the policy stage reads the same stored keys for message after message.
    /// </summary>
    public static IReadOnlyList<OpenPgpKey> ParseStored(string armored)
    {
        if (ParsedStored.TryGetValue(armored, out var cached))
        {
            return cached;
        }
        var parsed = Parse(armored);
        if (ParsedStored.Count >= 10_000)
        {
            ParsedStored.Clear();
        }
        ParsedStored[armored] = parsed;
        return parsed;
    }

    /// <summary>The public part of a secret key ring.</summary>
    public static PgpPublicKeyRing PublicRingOf(PgpSecretKeyRing secret)
    {
        using var buffer = new MemoryStream();
        foreach (var key in secret.GetPublicKeys())
        {
            key.Encode(buffer);
        }
        return new PgpPublicKeyRing(buffer.ToArray());
    }

    /// <summary>The key as binary (for WKD, which serves the binary transferable public key).</summary>
    public byte[] ToBinary() => Ring.GetEncoded();

    /// <summary>The key ASCII-armoured.</summary>
    public string ToArmored() => OpenPgpArmor.Armor(Ring.GetEncoded());

    /// <summary>
    /// Validates the key at <paramref name="now"/> for <paramref name="owner"/>: an address needs a
    /// self-certified user id with that address, a domain one with an address of that domain (or the
    /// domain itself); null: any. Finds the encryption subkey and the signing keys.
    /// </summary>
    public OpenPgpKeyValidation Validate(DateTimeOffset now, string? owner = null) => RsaModulusCheck.Run(() => ValidateCore(now, owner));

    private OpenPgpKeyValidation ValidateCore(DateTimeOffset now, string? owner)
    {
        var primary = Primary;
        var created = new DateTimeOffset(DateTime.SpecifyKind(primary.CreationTime, DateTimeKind.Utc));
        var userIds = new List<string>();
        PgpSignature? bestSelf = null;
        foreach (var id in primary.GetUserIds())
        {
            var self = LatestValid(primary.GetSignaturesForId(id), primary, s => IsUserIdCertification(s.SignatureType), s => s.VerifyCertification(id, primary));
            var revoked = LatestValid(primary.GetSignaturesForId(id), primary, s => s.SignatureType == PgpSignature.CertificationRevocation, s => s.VerifyCertification(id, primary));
            if (self is null || (revoked is not null && revoked.CreationTime >= self.CreationTime))
            {
                continue;
            }
            userIds.Add(id);
            if (bestSelf is null || (IsPrimaryUserId(self) && !IsPrimaryUserId(bestSelf)) || (IsPrimaryUserId(self) == IsPrimaryUserId(bestSelf) && self.CreationTime > bestSelf.CreationTime))
            {
                bestSelf = self;
            }
        }
        var direct = LatestValid(primary.GetSignaturesOfType(PgpSignature.DirectKey), primary, _ => true, s => s.VerifyCertification(primary));

        OpenPgpKeyValidation Result(OpenPgpKeyProblem problem, string detail, DateTimeOffset? expires = null) =>
            new(Fingerprint, problem, detail, userIds, expires, null, []);

        var weak = Weakness(primary);
        if (weak is not null)
        {
            return Result(OpenPgpKeyProblem.WeakKey, weak);
        }
        var revocation = LatestValid(primary.GetSignaturesOfType(PgpSignature.KeyRevocation), primary, _ => true, s => s.VerifyCertification(primary));
        if (revocation is not null)
        {
            return Result(OpenPgpKeyProblem.Revoked, $"revoked {revocation.CreationTime:yyyy-MM-dd}{Reason(revocation)}");
        }
        if (bestSelf is null)
        {
            return Result(OpenPgpKeyProblem.UserIdMismatch, "no self-certified user id");
        }
        if (created > now.AddMinutes(5))
        {
            return Result(OpenPgpKeyProblem.NotYetValid, $"created {created:yyyy-MM-dd HH:mm} (in the future)");
        }
        var selfSig = direct is not null && direct.CreationTime > bestSelf.CreationTime ? direct : bestSelf;
        var expires = Expiry(created, selfSig) ?? Expiry(created, bestSelf);
        if (expires is { } end && end <= now)
        {
            return Result(OpenPgpKeyProblem.Expired, $"expired {end:yyyy-MM-dd}", expires);
        }
        if (owner is not null && !userIds.Any(u => Names(u, owner)))
        {
            return Result(OpenPgpKeyProblem.UserIdMismatch, $"no user id names {owner} ({string.Join(", ", userIds)})", expires);
        }

        // Subkeys (and the primary key itself, by its flags).
        var signing = new List<PgpPublicKey>();
        var encryption = new List<(PgpPublicKey Key, DateTimeOffset? Expires)>();
        var primaryFlags = Flags(selfSig) ?? Flags(bestSelf);
        if (Can(primaryFlags, KeyFlagSign, CanSign(primary)))
        {
            signing.Add(primary);
        }
        if (Can(primaryFlags, KeyFlagEncrypt, primary.IsEncryptionKey))
        {
            encryption.Add((primary, expires));
        }
        var subkeyProblems = new List<string>();
        foreach (var subkey in Ring.GetPublicKeys().Where(k => !k.IsMasterKey))
        {
            var binding = LatestValid(subkey.GetSignaturesOfType(PgpSignature.SubkeyBinding), primary, _ => true, s => s.VerifyCertification(primary, subkey));
            if (binding is null)
            {
                continue;
            }
            var subRevoked = LatestValid(subkey.GetSignaturesOfType(PgpSignature.SubkeyRevocation), primary, _ => true, s => s.VerifyCertification(primary, subkey));
            var subCreated = new DateTimeOffset(DateTime.SpecifyKind(subkey.CreationTime, DateTimeKind.Utc));
            var subExpires = Expiry(subCreated, binding);
            var subWeak = Weakness(subkey);
            if (subRevoked is not null)
            {
                subkeyProblems.Add($"subkey {subkey.KeyId:X16} revoked {subRevoked.CreationTime:yyyy-MM-dd}");
                continue;
            }
            if (subExpires is { } subEnd && subEnd <= now)
            {
                subkeyProblems.Add($"subkey {subkey.KeyId:X16} expired {subEnd:yyyy-MM-dd}");
                continue;
            }
            if (subWeak is not null)
            {
                subkeyProblems.Add($"subkey {subkey.KeyId:X16}: {subWeak}");
                continue;
            }
            var flags = Flags(binding);
            if (Can(flags, KeyFlagSign, CanSign(subkey)))
            {
                signing.Add(subkey);
            }
            if (Can(flags, KeyFlagEncrypt, subkey.IsEncryptionKey))
            {
                encryption.Add((subkey, Earliest(subExpires, expires)));
            }
        }
        var encryptionKey = encryption.OrderByDescending(e => e.Key.CreationTime).Select(e => e.Key).FirstOrDefault();
        var detail = subkeyProblems.Count > 0 ? string.Join("; ", subkeyProblems) : "";
        return new OpenPgpKeyValidation(Fingerprint, OpenPgpKeyProblem.None, detail, userIds, expires, encryptionKey, signing);
    }

    /// <summary>Whether <paramref name="userId"/> names <paramref name="owner"/> (an address, or a domain), case-insensitively.</summary>
    public static bool Names(string userId, string owner)
    {
        var address = AddressOf(userId);
        if (owner.Contains('@'))
        {
            return address is not null && address.Equals(owner.Trim(), StringComparison.OrdinalIgnoreCase);
        }
        var domain = owner.Trim().TrimStart('@');
        return address is not null
            ? address.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase)
            : userId.Trim().Equals(domain, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The address in a user id: "Name &lt;a@b&gt;" or "a@b"; null when it has none.</summary>
    public static string? AddressOf(string userId)
    {
        var open = userId.LastIndexOf('<');
        var close = userId.LastIndexOf('>');
        var candidate = open >= 0 && close > open ? userId[(open + 1)..close] : userId;
        candidate = candidate.Trim();
        return candidate.Contains('@') && !candidate.Contains(' ') ? candidate : null;
    }

    private static bool IsUserIdCertification(int type) =>
        type is PgpSignature.DefaultCertification or PgpSignature.NoCertification or PgpSignature.CasualCertification or PgpSignature.PositiveCertification;

    private static bool IsPrimaryUserId(PgpSignature signature) =>
        signature.HasSubpackets && signature.GetHashedSubPackets().IsPrimaryUserId();

    private PgpSignature? LatestValid(IEnumerable<PgpSignature> signatures, PgpPublicKey primary, Func<PgpSignature, bool> kind, Func<PgpSignature, bool> verify)
    {
        PgpSignature? best = null;
        foreach (var signature in signatures)
        {
            if (signature.KeyId != primary.KeyId || !kind(signature) || (best is not null && signature.CreationTime <= best.CreationTime))
            {
                continue;
            }
            if (_verified.GetOrAdd(signature, s => Verify(s, primary, verify)))
            {
                best = signature;
            }
        }
        return best;
    }

    private static bool Verify(PgpSignature signature, PgpPublicKey primary, Func<PgpSignature, bool> verify)
    {
        try
        {
            signature.InitVerify(primary);
            return verify(signature);
        }
        catch (Exception e) when (e is PgpException or InvalidOperationException or ArgumentException)
        {
            return false; // an unverifiable signature counts as absent
        }
    }

    private static int? Flags(PgpSignature? signature) =>
        signature is { HasSubpackets: true } && signature.GetHashedSubPackets().GetKeyFlags() is var flags && flags != 0 ? flags : null;

    private static bool Can(int? flags, int wanted, bool algorithmCan) => algorithmCan && (flags is null || (flags.Value & wanted) != 0);

    private static bool CanSign(PgpPublicKey key) => key.Algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign
        or PublicKeyAlgorithmTag.ECDsa or PublicKeyAlgorithmTag.EdDsa_Legacy or PublicKeyAlgorithmTag.Ed25519 or PublicKeyAlgorithmTag.Ed448;

    private static DateTimeOffset? Expiry(DateTimeOffset created, PgpSignature? signature)
    {
        if (signature is not { HasSubpackets: true })
        {
            return null;
        }
        var hashed = signature.GetHashedSubPackets();
        if (!hashed.HasKeyExpirationTime())
        {
            return null;
        }
        var seconds = hashed.GetKeyExpirationTime();
        return seconds <= 0 ? null : created.AddSeconds(seconds);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a < b ? a : b,
    };

    private static string Reason(PgpSignature revocation)
    {
        var reason = revocation.HasSubpackets ? revocation.GetHashedSubPackets().GetRevocationReason() : null;
        return reason is null ? "" : $" ({reason.GetRevocationReason()}{(reason.GetRevocationDescription() is { Length: > 0 } d ? ": " + d : "")})";
    }

    /// <summary>Why a key's algorithm or size is not accepted, or null.</summary>
    private static string? Weakness(PgpPublicKey key) => key.Algorithm switch
    {
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or PublicKeyAlgorithmTag.RsaSign when key.BitStrength < 2048 => $"RSA-{key.BitStrength} is below 2048 bits",
        PublicKeyAlgorithmTag.Dsa or PublicKeyAlgorithmTag.ElGamalEncrypt or PublicKeyAlgorithmTag.ElGamalGeneral => $"{key.Algorithm} keys are not accepted",
        _ => null,
    };
}
