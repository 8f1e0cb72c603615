using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smgw.Crypto.Smime;

/// <summary>A recipient certificate to encrypt to (RSA key transport, or ECDH key agreement for an EC key).</summary>
/// <param name="Certificate">The recipient's certificate; its RSA public key wraps the content key.</param>
/// <param name="UseOaep">RSAES-OAEP with SHA-256 instead of PKCS #1 v1.5 key transport.</param>
/// <param name="Capabilities">
/// The content-encryption OIDs the recipient advertised (SMIMECapabilities of its last valid
/// signature, see <see cref="SmimeVerification.SignerCapabilities"/>), or null when unknown.
/// AES-256-GCM is used only when every recipient advertised it; otherwise AES-256-CBC.
/// </param>
public sealed record SmimeRecipient(
    X509Certificate2 Certificate,
    bool UseOaep = false,
    IReadOnlyCollection<string>? Capabilities = null)
{
    /// <summary>
    /// The certificate's RSA public key, already imported (importing it costs more than the one
    /// RSA operation it serves); null: imported from the certificate for this message. Used by
    /// one message at a time; not disposed by the engine.
    /// </summary>
    public RSA? PublicKey { get; init; }

    /// <summary>Whether the recipient advertised AES-256-GCM (AuthEnvelopedData).</summary>
    public bool AcceptsAes256Gcm => Capabilities?.Contains(SmimeOids.Aes256Gcm) == true;
}
