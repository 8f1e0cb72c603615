using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smgw.Crypto.Smime;

/// <summary>
/// A certificate and its private key, used to sign or to decrypt. The key is passed explicitly
/// so that nothing ever searches an operating-system store.
/// </summary>
/// <param name="Certificate">The end-entity certificate.</param>
/// <param name="PrivateKey">Its private key (<see cref="RSA"/> or <see cref="ECDsa"/>).</param>
/// <param name="Chain">Intermediate certificates to include in signatures (not the root).</param>
public sealed record SmimeIdentity(
    X509Certificate2 Certificate,
    AsymmetricAlgorithm PrivateKey,
    IReadOnlyList<X509Certificate2> Chain)
{
    /// <summary>An identity without intermediates.</summary>
    public SmimeIdentity(X509Certificate2 certificate, AsymmetricAlgorithm privateKey)
        : this(certificate, privateKey, [])
    {
    }

    /// <inheritdoc />
    public override string ToString() => $"SmimeIdentity {{ {Certificate.Subject} ({Certificate.Thumbprint}) }}";
}
