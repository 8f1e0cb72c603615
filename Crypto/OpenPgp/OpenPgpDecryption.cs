using MimeKit;

namespace Smgw.Crypto.OpenPgp;

/// <summary>The outcome of decrypting a PGP/MIME message.</summary>
/// <param name="Content">The decrypted MIME entity (possibly itself multipart/signed, RFC 3156 6.1).</param>
/// <param name="DecryptedWith">The fingerprint of the gateway key that opened it.</param>
/// <param name="SymmetricAlgorithm">The cipher the sender chose, e.g. "Aes256".</param>
/// <param name="Signatures">Signatures inside the encrypted data (combined sign+encrypt, RFC 3156 6.2), verified.</param>
/// <param name="Message">The message with its outer headers kept and the decrypted body, when a message was decrypted.</param>
public sealed record OpenPgpDecryption(
    MimeEntity Content,
    string DecryptedWith,
    string SymmetricAlgorithm,
    IReadOnlyList<OpenPgpVerification> Signatures,
    MimeMessage? Message);
