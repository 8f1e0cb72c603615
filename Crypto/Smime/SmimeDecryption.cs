using MimeKit;

namespace Smgw.Crypto.Smime;

/// <summary>The outcome of decrypting an enveloped-data entity.</summary>
/// <param name="Content">The decrypted MIME entity (possibly itself signed).</param>
/// <param name="ContentEncryptionAlgorithm">The OID of the algorithm the sender chose (policy may reject weak ones).</param>
/// <param name="Message">The message with its outer headers kept and the decrypted body, when a message was decrypted.</param>
public sealed record SmimeDecryption(MimeEntity Content, string ContentEncryptionAlgorithm, MimeMessage? Message);
