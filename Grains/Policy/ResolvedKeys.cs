using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.OpenPgp;
using Smgw.Crypto.Certificates.Revocation;
using Smgw.Crypto.Smime;
using Smgw.Grains.Policy.Decisions;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Policy;
using Smgw.Storage.Secrets;

namespace Smgw.Grains.Policy;

/// <summary>
/// The stored keys of one decision, validated against the tenant's trust anchors: the key
/// directory the engine asks, and the certificates and (on demand, decrypted) private keys the
/// crypto stage then uses. CPU work (chain building): call off the grain scheduler.
/// </summary>
public sealed class ResolvedKeys : IDisposable
{
    /// <summary>The <see cref="SecretProtector"/> purpose of S/MIME private keys at rest.</summary>
    public const string PrivateKeyPurpose = "smime-private-key";

    /// <summary>The <see cref="SecretProtector"/> purpose of the gateway's OpenPGP secret keys at rest.</summary>
    public const string OpenPgpPrivateKeyPurpose = "openpgp-private-key";

    private readonly Dictionary<(KeyPurpose, string), KeyMaterial> _materials = [];
    private readonly Dictionary<(KeyPurpose, string), X509Certificate2> _certificates = [];
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<(KeyPurpose, string), OpenPgpKey> _openPgp = [];
    private readonly Dictionary<string, List<OpenPgpKey>> _openPgpByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<(KeyPurpose, string), OpenPgpSecretKey> _openPgpSecrets = [];

    private readonly List<(string Name, AsymmetricAlgorithm Key)> _rented = [];
    private readonly IReadOnlyDictionary<string, ChainRevocation>? _revocation;
    private readonly CertificateValidator _validator;
    private readonly KeyCache? _cache;
    private readonly string _anchorsKey;

    private ResolvedKeys(CertificateValidator validator, IReadOnlyDictionary<string, ChainRevocation>? revocation, KeyCache? cache, IReadOnlyList<string> anchorsPem)
    {
        _validator = validator;
        _revocation = revocation;
        _cache = cache;
        if (cache is not null)
        {
            (Anchors, _anchorsKey) = cache.Anchors(anchorsPem);
            return;
        }
        Anchors = [];
        _anchorsKey = "";
        foreach (var pem in anchorsPem)
        {
            Anchors.Add(Own(X509Certificate2.CreateFromPem(pem)));
        }
    }

    public InMemoryKeyDirectory Directory { get; } = new();

    /// <summary>The tenant's trust anchors, for verifying inbound signatures (shared when cached: do not change).</summary>
    public X509Certificate2Collection Anchors { get; }

    /// <param name="context">The decision's keys and trust anchors.</param>
    /// <param name="validator">Chain, usage, address.</param>
    /// <param name="revocation">By thumbprint, what CRL/OCSP said (<see cref="KeyRevocation"/>); null: not asked.</param>
    /// <param name="time">The clock OpenPGP keys are validated against.</param>
    /// <param name="cache">Parsed certificates, validations and imported keys shared between decisions (<see cref="KeyCache"/>); null: everything per decision.</param>
    public static ResolvedKeys Resolve(
        PolicyContext context, CertificateValidator validator, IReadOnlyDictionary<string, ChainRevocation>? revocation = null, TimeProvider? time = null,
        KeyCache? cache = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var resolved = new ResolvedKeys(validator, revocation, cache, context.TrustAnchorsPem);

        foreach (var (owner, materials) in context.Keys)
        {
            var isAddress = owner.Contains('@');
            foreach (var material in materials)
            {
                if (material.Entry.Kind is KeyKind.OpenPgp or KeyKind.OpenPgpSecret)
                {
                    resolved.AddOpenPgp(owner, isAddress, material, materials, now);
                    continue;
                }
                var pem = material.Entry.CertificatePem;
                var certificate = cache?.Certificate(pem) ?? resolved.Own(X509Certificate2.CreateFromPem(pem));
                if (material.Entry.Kind == KeyKind.Certificate)
                {
                    var purpose = isAddress ? KeyPurpose.EncryptPersonalSmime : KeyPurpose.EncryptDomainSmime;
                    resolved.Add(purpose, owner, material, certificate,
                        resolved.Validate(pem, certificate, CertificatePurpose.EmailEncryption, isAddress ? owner : null));
                }
                else if (material.Entry.Kind == KeyKind.Personal)
                {
                    if (!isAddress)
                    {
                        continue; // stored for a domain by mistake: a personal certificate belongs to an address
                    }
                    resolved.Add(KeyPurpose.SignPersonal, owner, material, certificate,
                        resolved.Validate(pem, certificate, CertificatePurpose.EmailSigning, owner));
                    // As for the organisation certificate: one's own key opens mail encrypted to it, expired or not.
                    resolved.Add(KeyPurpose.DecryptPersonalSmime, owner, material, certificate, null);
                    if (!context.Keys[owner].Any(m => m.Entry.Kind == KeyKind.Certificate))
                    {
                        // Another tenant of this gateway may encrypt to this address with its personal certificate.
                        resolved.Add(KeyPurpose.EncryptPersonalSmime, owner, material, certificate,
                            resolved.Validate(pem, certificate, CertificatePurpose.EmailEncryption, owner));
                    }
                }
                else if (!isAddress)
                {
                    resolved.Add(KeyPurpose.SignOrganisation, owner, material, certificate,
                        resolved.Validate(pem, certificate, CertificatePurpose.EmailSigning, null));
                    // Decrypting with one's own key needs no trust decision; an expired organisation
                    // certificate still opens mail that was encrypted to it.
                    resolved.Add(KeyPurpose.DecryptOrganisation, owner, material, certificate, null);
                    if (!context.Keys[owner].Any(m => m.Entry.Kind == KeyKind.Certificate))
                    {
                        // Another tenant of this gateway may encrypt to this domain with its organisation certificate.
                        resolved.Add(KeyPurpose.EncryptDomainSmime, owner, material, certificate,
                            resolved.Validate(pem, certificate, CertificatePurpose.EmailEncryption, null));
                    }
                }
            }
        }
        return resolved;
    }

    public X509Certificate2 Certificate(KeyStatus key) =>
        _certificates.TryGetValue((key.Purpose, key.Owner.ToLowerInvariant()), out var certificate)
            ? certificate
            : throw new InvalidOperationException($"no certificate for the {KeyText.Purpose(key.Purpose)} of {key.Owner}");

    /// <summary>The certificate with its private key, decrypted from the master-key ciphertext (or an imported copy from the cache).</summary>
    public SmimeIdentity Identity(KeyStatus key, SecretProtector secrets)
    {
        var certificate = Certificate(key);
        var blob = _materials[(key.Purpose, key.Owner.ToLowerInvariant())].ProtectedPrivateKey
            ?? throw new InvalidOperationException($"the {KeyText.Purpose(key.Purpose)} of {key.Owner} has no private key");
        if (_cache is null)
        {
            return new SmimeIdentity(certificate, Own(ImportPrivateKey(certificate, blob, secrets)));
        }
        var (privateKey, name) = _cache.RentPrivateKey(blob, () => ImportPrivateKey(certificate, blob, secrets));
        _rented.Add((name, privateKey));
        return new SmimeIdentity(certificate, privateKey);
    }

    /// <summary>The certificate of <paramref name="key"/> to encrypt to, with its RSA public key already imported when the cache has it.</summary>
    public SmimeRecipient Recipient(KeyStatus key)
    {
        var certificate = Certificate(key);
        if (_cache?.RentRsaPublicKey(certificate, CertificateName.Of(certificate).Thumbprint) is not { } rented)
        {
            return new SmimeRecipient(certificate);
        }
        _rented.Add((rented.Name, rented.Key));
        return new SmimeRecipient(certificate) { PublicKey = rented.Key };
    }

    private static AsymmetricAlgorithm ImportPrivateKey(X509Certificate2 certificate, byte[] blob, SecretProtector secrets)
    {
        var pkcs8 = secrets.Unprotect(blob, PrivateKeyPurpose);
        AsymmetricAlgorithm privateKey = certificate.GetKeyAlgorithm() == "1.2.840.10045.2.1" ? ECDsa.Create() : RSA.Create();
        try
        {
            switch (privateKey)
            {
                case RSA rsa:
                    rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                    break;
                case ECDsa ec:
                    ec.ImportPkcs8PrivateKey(pkcs8, out _);
                    break;
            }
            return privateKey;
        }
        catch
        {
            privateKey.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The OpenPGP public key chosen for <paramref name="key"/> (encryption).</summary>
    public OpenPgpKey OpenPgpPublic(KeyStatus key) =>
        _openPgp.TryGetValue((key.Purpose, key.Owner.ToLowerInvariant()), out var found)
            ? found
            : throw new InvalidOperationException($"no OpenPGP key for the {KeyText.Purpose(key.Purpose)} of {key.Owner}");

    /// <summary>The gateway's OpenPGP key with its private part, decrypted from the master-key ciphertext.</summary>
    public OpenPgpSecretKey OpenPgpSecret(KeyStatus key, SecretProtector secrets)
    {
        var slot = (key.Purpose, key.Owner.ToLowerInvariant());
        if (_openPgpSecrets.TryGetValue(slot, out var cached))
        {
            return cached;
        }
        var blob = _materials.TryGetValue(slot, out var material) && material.ProtectedPrivateKey is { } protectedKey
            ? protectedKey
            : throw new InvalidOperationException($"the {KeyText.Purpose(key.Purpose)} of {key.Owner} has no private key");
        var ring = secrets.Unprotect(blob, OpenPgpPrivateKeyPurpose);
        try
        {
            var secret = OpenPgpSecretKey.Parse(ring);
            _openPgpSecrets[slot] = secret;
            return secret;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ring);
        }
    }

    /// <summary>The stored OpenPGP public keys that may have signed mail from <paramref name="address"/>: its own, and its domain's.</summary>
    public IReadOnlyList<OpenPgpKey> OpenPgpSigners(string address)
    {
        var lower = address.Trim().ToLowerInvariant();
        var domain = lower[(lower.LastIndexOf('@') + 1)..];
        return [.. _openPgpByOwner.GetValueOrDefault(lower) ?? [], .. _openPgpByOwner.GetValueOrDefault(domain) ?? []];
    }

    /// <summary>Whether an OpenPGP key is stored for exactly this address (or domain).</summary>
    public bool HasOpenPgpKey(string owner) => _openPgpByOwner.ContainsKey(owner.Trim().ToLowerInvariant());

    private void AddOpenPgp(string owner, bool isAddress, KeyMaterial material, IReadOnlyList<KeyMaterial> all, DateTimeOffset now)
    {
        OpenPgpKey key;
        try
        {
            key = OpenPgpKey.ParseStored(material.Entry.OpenPgpKey)[0];
        }
        catch (OpenPgpException ex)
        {
            var purpose = isAddress ? KeyPurpose.EncryptPersonalPgp : KeyPurpose.EncryptDomainPgp;
            Directory.Add(new KeyStatus { Purpose = purpose, Owner = owner, State = KeyState.Unavailable, Detail = $"(stored key unreadable: {ex.Message})" });
            return;
        }
        if (!_openPgpByOwner.TryGetValue(owner, out var list))
        {
            _openPgpByOwner[owner] = list = [];
        }
        list.Add(key);
        var validation = key.Validate(now, owner);
        var keyId = $"{key.Fingerprint} ({validation.UserIds.FirstOrDefault() ?? key.AllUserIds.FirstOrDefault() ?? "no user id"}; {material.Entry.Source})";
        var encryptPurpose = isAddress ? KeyPurpose.EncryptPersonalPgp : KeyPurpose.EncryptDomainPgp;
        if (material.Entry.Kind == KeyKind.OpenPgp || !all.Any(m => m.Entry.Kind == KeyKind.OpenPgp))
        {
            // The gateway's own key also serves as the encryption key of its owner for other tenants of this gateway.
            AddOpenPgpStatus(encryptPurpose, owner, material, key, keyId, validation.EncryptionProblem, validation.EncryptionDetail);
        }
        if (material.Entry.Kind != KeyKind.OpenPgpSecret)
        {
            return;
        }
        // Decrypting with one's own key needs no validity: mail encrypted to an expired key still opens.
        var decryptPurpose = isAddress ? KeyPurpose.DecryptPersonalPgp : KeyPurpose.DecryptDomainPgp;
        AddOpenPgpStatus(decryptPurpose, owner, material, key, keyId,
            material.ProtectedPrivateKey is null ? OpenPgpKeyProblem.NoUsableSubkey : OpenPgpKeyProblem.None,
            material.ProtectedPrivateKey is null ? "no private key" : "");
        // One's own key signs too: the domain's for the domain, a personal one for its address (its user id must name the address).
        AddOpenPgpStatus(isAddress ? KeyPurpose.SignPersonalPgp : KeyPurpose.SignDomainPgp, owner, material, key, keyId,
            validation.CanSign ? OpenPgpKeyProblem.None : validation.Problem == OpenPgpKeyProblem.None ? OpenPgpKeyProblem.NoUsableSubkey : validation.Problem,
            validation.CanSign ? "" : validation.Problem == OpenPgpKeyProblem.None ? "no valid signing key" : validation.Detail);
    }

    private void AddOpenPgpStatus(KeyPurpose purpose, string owner, KeyMaterial material, OpenPgpKey key, string keyId, OpenPgpKeyProblem problem, string detail)
    {
        _materials[(purpose, owner)] = material;
        _openPgp[(purpose, owner)] = key;
        var state = problem switch
        {
            OpenPgpKeyProblem.None => KeyState.Usable,
            OpenPgpKeyProblem.Expired => KeyState.Expired,
            OpenPgpKeyProblem.Revoked => KeyState.Revoked,
            OpenPgpKeyProblem.NotYetValid => KeyState.NotYetValid,
            OpenPgpKeyProblem.NoUsableSubkey when detail == "no private key" => KeyState.Unavailable,
            _ => KeyState.WrongUsage,
        };
        Directory.Add(new KeyStatus
        {
            Purpose = purpose,
            Owner = owner,
            KeyId = keyId,
            State = state,
            Detail = state == KeyState.Usable ? "" : $"{detail} ({keyId})",
        });
    }

    private void Add(KeyPurpose purpose, string owner, KeyMaterial material, X509Certificate2 certificate, CertificateValidation? validation)
    {
        _materials[(purpose, owner)] = material;
        _certificates[(purpose, owner)] = certificate;
        var (thumbprint, keyId) = CertificateName.Of(certificate);
        var status = new KeyStatus { Purpose = purpose, Owner = owner, KeyId = keyId, State = KeyState.Usable };
        var revocation = validation is null ? null : _revocation?.GetValueOrDefault(thumbprint);
        if (validation is not null && revocation is { Findings.Count: > 0 })
        {
            // Revocation first: "revoked" says more than "expired" about a certificate that is both.
            validation = new CertificateValidation(false, validation.UsageValid, validation.AddressMatches, [.. revocation.Findings, .. validation.Findings]);
        }
        if (purpose is KeyPurpose.SignOrganisation or KeyPurpose.DecryptOrganisation or KeyPurpose.SignPersonal or KeyPurpose.DecryptPersonalSmime
            && material.ProtectedPrivateKey is null)
        {
            status = status with { State = KeyState.Unavailable, Detail = "(no private key)" };
        }
        else if (validation is { IsValid: false })
        {
            var first = validation.Findings[0].Problem;
            status = status with
            {
                State = first switch
                {
                    CertificateProblem.Expired => KeyState.Expired,
                    CertificateProblem.NotYetValid => KeyState.NotYetValid,
                    CertificateProblem.Revoked => KeyState.Revoked,
                    CertificateProblem.RevocationUnknown => KeyState.Untrusted,
                    CertificateProblem.WrongKeyUsage or CertificateProblem.WeakKey or CertificateProblem.AddressNotInCertificate => KeyState.WrongUsage,
                    _ => KeyState.Untrusted,
                },
                Detail = $"({keyId}: {string.Join("; ", validation.Findings.Select(f => f.Detail))})",
            };
        }
        else if (revocation?.Elements.FirstOrDefault(e => e.Status.State == RevocationState.Unknown) is { } unknown)
        {
            // Soft fail (Smgw:Revocation:WhenUnknown = Accept): usable, and the trace says why unverified.
            status = status with { Detail = $"(revocation status unknown, accepted by Smgw:Revocation:WhenUnknown: {unknown.Status.Detail})" };
        }
        Directory.Add(status);
    }

    private CertificateValidation Validate(string pem, X509Certificate2 certificate, CertificatePurpose purpose, string? address) =>
        _cache?.Validate(_validator, pem, certificate, _anchorsKey, Anchors, purpose, address)
        ?? _validator.Validate(certificate, Anchors, purpose, address);

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }


    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        foreach (var (name, key) in _rented)
        {
            _cache!.Return(name, key);
        }
        _rented.Clear();
    }
}
