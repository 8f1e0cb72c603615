using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.Certificates;

namespace Smgw.Grains.Policy;

/// <summary>
/// What the policy stage would otherwise redo for every message with the same keys (one per
/// process, thread-safe): parsed certificates and trust-anchor sets by their PEM text,
/// certificate validations by (certificate, anchors, purpose, address) — the stored keys' and
/// inbound signers' — imported private keys by
/// their protected bytes, and imported RSA public keys of recipient certificates. Everything is
/// keyed by content, so a changed, added or removed key or anchor takes effect with the next
/// message; only time moves a cached validation, and an entry lives at most
/// <see cref="ValidationTime"/> and never past the certificate's notAfter (or a notBefore still
/// ahead). Entries unused for <see cref="IdleTime"/> are dropped; imported keys are then disposed.
/// Cached certificates are shared: callers must not dispose them.
/// </summary>
public sealed class KeyCache(TimeProvider time)
{
    /// <summary>How long a validation result is reused at most.</summary>
    public static readonly TimeSpan ValidationTime = TimeSpan.FromMinutes(1);

    /// <summary>How long an unused entry is kept.</summary>
    public static readonly TimeSpan IdleTime = TimeSpan.FromMinutes(2);

    /// <summary>Beyond this many entries of a kind, a sweep drops the least recently used half at once.</summary>
    public const int MaxEntries = 20_000;

    /// <summary>Imported copies kept per key (each is used by one thread at a time).</summary>
    private const int MaxPooledKeys = 8;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry<X509Certificate2>> _certificates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<X509Certificate2Collection>> _anchors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ValidationKey, Entry<TimedValidation>> _validations = new();
    private readonly ConcurrentDictionary<string, KeyPool> _keys = new(StringComparer.Ordinal);
    private readonly CertificateValidator _signerValidator = new(time);
    private long _nextSweepTicks;
    private long _hits;
    private long _misses;

    /// <summary>How many lookups were answered from the cache (for tests and diagnosis).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many lookups had to parse, validate or import.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The certificate in <paramref name="pem"/>, parsed once.</summary>
    public X509Certificate2 Certificate(string pem) =>
        Get(_certificates, pem, static p => X509Certificate2.CreateFromPem(p));

    /// <summary>The trust anchors in <paramref name="pems"/> as one collection, and the key that names the set.</summary>
    public (X509Certificate2Collection Anchors, string Key) Anchors(IReadOnlyList<string> pems)
    {
        var key = string.Join('\n', pems);
        return (Get(_anchors, key, _ =>
        {
            var collection = new X509Certificate2Collection();
            foreach (var pem in pems)
            {
                collection.Add(Certificate(pem));
            }
            return collection;
        }), key);
    }

    /// <summary>
    /// <paramref name="validator"/>'s verdict on <paramref name="certificate"/> (parsed from
    /// <paramref name="pem"/>) for <paramref name="purpose"/> against the anchor set
    /// <paramref name="anchorsKey"/>, reused while it cannot have changed.
    /// </summary>
    public CertificateValidation Validate(
        CertificateValidator validator, string pem, X509Certificate2 certificate,
        string anchorsKey, X509Certificate2Collection anchors, CertificatePurpose purpose, string? address) =>
        Remember(new ValidationKey(pem, anchorsKey, purpose, address?.ToLowerInvariant()), certificate,
            () => validator.Validate(certificate, anchors, purpose, address));

    /// <summary>
    /// The verdict on an inbound signer's certificate (e-mail signing, naming <paramref name="address"/>)
    /// against <paramref name="anchors"/> with the certificates the signature carried, reused like
    /// <see cref="Validate"/>: the same signer, anchors and carried certificates (by SHA-256) get the
    /// same answer for at most <see cref="ValidationTime"/>. A <see cref="Smime.SmimeEngine.SignerValidation"/>.
    /// </summary>
    public CertificateValidation ValidateSigner(
        X509Certificate2 signer, X509Certificate2Collection anchors, string? address, X509Certificate2Collection? included)
    {
        var certificates = new System.Text.StringBuilder(Sha256(signer));
        foreach (var extra in included ?? [])
        {
            certificates.Append('|').Append(Sha256(extra));
        }
        var anchorsKey = string.Join('|', anchors.Select(Sha256));
        return Remember(new ValidationKey(certificates.ToString(), anchorsKey, CertificatePurpose.EmailSigning, address?.ToLowerInvariant()), signer,
            () => _signerValidator.Validate(signer, anchors, CertificatePurpose.EmailSigning, address, included));
    }

    private static string Sha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private CertificateValidation Remember(ValidationKey key, X509Certificate2 certificate, Func<CertificateValidation> validate)
    {
        var now = time.GetUtcNow();
        if (_validations.TryGetValue(key, out var cached) && cached.Value.ValidUntil > now)
        {
            cached.Touch(now);
            Interlocked.Increment(ref _hits);
            return cached.Value.Validation;
        }
        Interlocked.Increment(ref _misses);
        var validation = validate();
        var until = now + ValidationTime;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        until = notAfter < until ? notAfter : until;
        until = notBefore > now && notBefore < until ? notBefore : until;
        _validations[key] = new Entry<TimedValidation>(new TimedValidation(validation, until), now);
        SweepIfDue(now);
        return validation;
    }

    /// <summary>
    /// An imported copy of the private key in <paramref name="protectedKey"/> for this caller alone;
    /// give it back with <see cref="Return"/> and the returned name. <paramref name="import"/>
    /// decrypts and imports it when no copy is free.
    /// </summary>
    public (AsymmetricAlgorithm Key, string Name) RentPrivateKey(byte[] protectedKey, Func<AsymmetricAlgorithm> import)
    {
        var name = "private:" + Convert.ToBase64String(protectedKey);
        return (Rent(name, import), name);
    }

    /// <summary>
    /// An imported copy of <paramref name="certificate"/>'s RSA public key for this caller alone
    /// (importing it costs more than the RSA operation it is needed for); give it back with
    /// <see cref="Return"/> and the returned name. Null when the key is not RSA.
    /// </summary>
    public (RSA Key, string Name)? RentRsaPublicKey(X509Certificate2 certificate, string thumbprint)
    {
        if (certificate.PublicKey.Oid.Value != Smgw.Crypto.Smime.SmimeOids.RsaEncryption)
        {
            return null;
        }
        var name = "rsa-public:" + thumbprint;
        return ((RSA)Rent(name, () => certificate.GetRSAPublicKey()!), name);
    }

    /// <summary>Gives back a key rented under <paramref name="name"/>; disposed when its entry is gone or the pool is full.</summary>
    public void Return(string name, AsymmetricAlgorithm key)
    {
        if (_keys.TryGetValue(name, out var pool) && !pool.Dropped && pool.Free.Count < MaxPooledKeys)
        {
            pool.Free.Add(key);
            if (!pool.Dropped)
            {
                return;
            }
            pool.DisposeFree(); // dropped meanwhile
            return;
        }
        key.Dispose();
    }

    private AsymmetricAlgorithm Rent(string name, Func<AsymmetricAlgorithm> import)
    {
        var now = time.GetUtcNow();
        var pool = _keys.GetOrAdd(name, static (_, n) => new KeyPool(n), now);
        pool.Touch(now);
        SweepIfDue(now);
        if (pool.Free.TryTake(out var key))
        {
            Interlocked.Increment(ref _hits);
            return key;
        }
        Interlocked.Increment(ref _misses);
        return import();
    }

    private T Get<T>(ConcurrentDictionary<string, Entry<T>> cache, string key, Func<string, T> create)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var entry))
        {
            entry.Touch(now);
            Interlocked.Increment(ref _hits);
            return entry.Value;
        }
        Interlocked.Increment(ref _misses);
        var value = cache.GetOrAdd(key, new Entry<T>(create(key), now)).Value;
        SweepIfDue(now);
        return value;
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due)
        {
            return;
        }
        // Parsed certificates are not disposed here: a decision may still hold them (the finalizer frees them).
        Sweep(_certificates, now);
        Sweep(_anchors, now);
        Sweep(_validations, now);
        foreach (var (key, pool) in _keys)
        {
            if (now - pool.LastUsed > IdleTime && _keys.TryRemove(new KeyValuePair<string, KeyPool>(key, pool)))
            {
                pool.Dropped = true;
                pool.DisposeFree();
            }
        }
    }

    private static void Sweep<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> cache, DateTimeOffset now)
        where TKey : notnull
    {
        var idleBefore = now - IdleTime;
        if (cache.Count > MaxEntries)
        {
            // Over the bound: keep the most recently used half.
            idleBefore = cache.Values.Select(e => e.LastUsed).OrderDescending().ElementAt(MaxEntries / 2);
        }
        foreach (var (key, entry) in cache)
        {
            if (entry.LastUsed < idleBefore)
            {
                cache.TryRemove(new KeyValuePair<TKey, Entry<T>>(key, entry));
            }
        }
    }

    /// <summary>Something the sweep drops when it was not used for <see cref="IdleTime"/>.</summary>
    private abstract class Touched(DateTimeOffset now)
    {
        private long _lastUsedTicks = now.UtcTicks;

        public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
    }

    private sealed class Entry<T>(T value, DateTimeOffset now) : Touched(now)
    {
        public T Value { get; } = value;
    }

    /// <summary>A stored certificate by its PEM text, or an inbound signer by the SHA-256 of it and of the certificates it carried.</summary>
    private sealed record ValidationKey(string Certificates, string Anchors, CertificatePurpose Purpose, string? Address);

    private sealed record TimedValidation(CertificateValidation Validation, DateTimeOffset ValidUntil);

    private sealed class KeyPool(DateTimeOffset now) : Touched(now)
    {
        private volatile bool _dropped;

        public ConcurrentBag<AsymmetricAlgorithm> Free { get; } = [];

        public bool Dropped
        {
            get => _dropped;
            set => _dropped = value;
        }

        public void DisposeFree()
        {
            while (Free.TryTake(out var key))
            {
                key.Dispose();
            }
        }
    }
}
