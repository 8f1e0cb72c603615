using System.Security.Cryptography.X509Certificates;

namespace Smgw.Crypto.Smime;

/// <summary>A recipient certificate to encrypt to (RSA key transport).</summary>
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
    /// <summary>Whether the recipient advertised AES-256-GCM (AuthEnvelopedData).</summary>
    public bool AcceptsAes256Gcm => Capabilities?.Contains(SmimeOids.Aes256Gcm) == true;
}
