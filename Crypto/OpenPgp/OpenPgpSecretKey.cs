using System.Collections.Concurrent;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Smgw.Crypto.OpenPgp;

/// <summary>
/// An OpenPGP key the gateway holds with its private part (a tenant domain's key, or a listed
/// address's personal key): signs outbound and decrypts inbound mail. Kept unprotected in memory
/// only; at rest it is encrypted under the master key by the caller. Thread-safe.
/// </summary>
public sealed class OpenPgpSecretKey
{
    private readonly ConcurrentDictionary<long, PgpPrivateKey> _privateKeys = new();

    private OpenPgpSecretKey(PgpSecretKeyRing ring)
    {
        Ring = ring;
        Public = new OpenPgpKey(OpenPgpKey.PublicRingOf(ring));
    }

    /// <summary>The unprotected secret key ring.</summary>
    public PgpSecretKeyRing Ring { get; }

    /// <summary>The public part.</summary>
    public OpenPgpKey Public { get; }

    /// <summary>The primary key's fingerprint.</summary>
    public string Fingerprint => Public.Fingerprint;

    /// <summary>
    /// Parses a transferable secret key (armoured or binary). A passphrase-protected key is opened
    /// with <paramref name="passphrase"/> and kept without the passphrase protection.
    /// </summary>
    /// <exception cref="OpenPgpException">Not a secret key, or the passphrase does not open it.</exception>
    public static OpenPgpSecretKey Parse(ReadOnlySpan<byte> data, string? passphrase = null)
    {
        PgpSecretKeyRing? ring = null;
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(data.ToArray(), writable: false));
            var factory = new PgpObjectFactory(input);
            PgpObject? next;
            while ((next = factory.NextPgpObject()) is not null)
            {
                if (next is PgpSecretKeyRing found)
                {
                    ring = found;
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or PgpException or InvalidOperationException or ArgumentException)
        {
            throw new OpenPgpException($"not an OpenPGP secret key ({e.Message})", e);
        }
        if (ring is null)
        {
            throw new OpenPgpException("no OpenPGP secret key found (export it with gpg --export-secret-keys --armor)");
        }
        var secrets = ring.GetSecretKeys().Where(k => !k.IsPrivateKeyEmpty).ToList();
        if (secrets.Count == 0)
        {
            throw new OpenPgpException("the secret key holds no private key material (a stub, e.g. on a smartcard)");
        }
        if (secrets.Any(k => k.S2kUsage != SecretKeyPacket.UsageNone))
        {
            try
            {
                ring = PgpSecretKeyRing.CopyWithNewPassword(ring, (passphrase ?? "").ToCharArray(), null, SymmetricKeyAlgorithmTag.Null, new SecureRandom());
            }
            catch (PgpException e)
            {
                throw new OpenPgpException(passphrase is null ? "the secret key is passphrase-protected: give the passphrase" : "the passphrase does not open the secret key", e);
            }
        }
        var key = new OpenPgpSecretKey(ring);
        foreach (var secret in ring.GetSecretKeys().Where(k => !k.IsPrivateKeyEmpty))
        {
            _ = key.PrivateKey(secret.KeyId) ?? throw new OpenPgpException($"the private key {secret.KeyId:X16} cannot be read");
        }
        return key;
    }

    /// <summary>Parses armoured text.</summary>
    public static OpenPgpSecretKey Parse(string armored, string? passphrase = null) => Parse(Encoding.UTF8.GetBytes(armored ?? ""), passphrase);

    /// <summary>The unprotected binary secret key ring (encrypt it before it is stored).</summary>
    public byte[] ExportUnprotected() => Ring.GetEncoded();

    /// <summary>Whether the gateway holds the private part of <paramref name="keyId"/>.</summary>
    public bool HasPrivateKey(long keyId) => Ring.GetSecretKey(keyId) is { IsPrivateKeyEmpty: false };

    /// <summary>The private part of the (sub)key <paramref name="keyId"/>, or null.</summary>
    public PgpPrivateKey? PrivateKey(long keyId)
    {
        if (_privateKeys.TryGetValue(keyId, out var cached))
        {
            return cached;
        }
        var secret = Ring.GetSecretKey(keyId);
        if (secret is null || secret.IsPrivateKeyEmpty)
        {
            return null;
        }
        var extracted = RsaModulusCheck.Run(() => secret.ExtractPrivateKeyRaw([]));
        return extracted is null ? null : _privateKeys.GetOrAdd(keyId, extracted);
    }
}
