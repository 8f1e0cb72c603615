using System.Collections.Concurrent;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;

namespace Smgw.Crypto.OpenPgp;

/// <summary>
/// BouncyCastle checks every RSA modulus with Miller-Rabin rounds each time a key object is made
/// (PgpPublicKey.GetKey, private key extraction: several times per message, each about as dear as
/// an RSA private-key operation), and, unlike BouncyCastle for Java, keeps no cache of checked
/// moduli. Here each modulus is checked once, in full, when an <see cref="OpenPgpKey"/> or
/// <see cref="OpenPgpSecretKey"/> is made, and remembered; the engine's operations then run with
/// the per-object check off (<see cref="Run{T}"/>). Every key the engine uses comes through those
/// constructors, so no modulus is used unchecked.
/// </summary>
internal static class RsaModulusCheck
{
    private const int MaxRemembered = 100_000;
    private static readonly ConcurrentDictionary<Org.BouncyCastle.Math.BigInteger, bool> Checked = new();

    /// <summary>Checks the RSA moduli of a key ring (full BouncyCastle validation, once per modulus).</summary>
    /// <exception cref="OpenPgpException">A modulus is not a valid RSA modulus.</exception>
    public static void Check(IEnumerable<PgpPublicKey> keys)
    {
        foreach (var key in keys)
        {
            if (key.PublicKeyPacket.Key is not RsaPublicBcpgKey rsa || Checked.ContainsKey(rsa.Modulus))
            {
                continue;
            }
            try
            {
                _ = new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent);
            }
            catch (ArgumentException e)
            {
                throw new OpenPgpException($"key {key.KeyId:X16}: not a valid RSA key ({e.Message})", e);
            }
            if (Checked.Count >= MaxRemembered)
            {
                Checked.Clear();
            }
            Checked[rsa.Modulus] = true;
        }
    }

    /// <summary>Runs <paramref name="operation"/> on this thread without BouncyCastle's per-object modulus check.</summary>
    public static T Run<T>(Func<T> operation) => Properties.WithThreadProperty(Properties.RsaMaxMRTests, "0", operation);
}
