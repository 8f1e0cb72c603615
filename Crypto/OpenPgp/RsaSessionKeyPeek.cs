using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Parameters;

namespace Smgw.Crypto.OpenPgp;

/// <summary>
/// BouncyCastle's API decrypts an RSA session key twice to open a message: once to say which
/// cipher it is for (which the engine checks) and once to open the stream — each a managed RSA
/// private-key operation. This reads the cipher with .NET's RSA (OpenSSL) instead, from the
/// public-key encrypted session key packet of the message: one fast operation, and BouncyCastle
/// then opens the stream. Null whenever anything is unusual: the caller asks BouncyCastle then.
/// </summary>
internal static class RsaSessionKeyPeek
{
    private static readonly ConditionalWeakTable<PgpPrivateKey, RSA> Keys = new();

    public static SymmetricKeyAlgorithmTag? Algorithm(byte[] message, long keyId, PgpPrivateKey privateKey)
    {
        if (privateKey.Key is not RsaPrivateCrtKeyParameters rsaKey)
        {
            return null;
        }
        try
        {
            var mpi = FindRsaSessionKey(message, keyId);
            if (mpi is null)
            {
                return null;
            }
            var rsa = Keys.GetValue(privateKey, _ => ToRsa(rsaKey));
            var modulusBytes = (rsa.KeySize + 7) / 8;
            if (mpi.Length > modulusBytes)
            {
                return null;
            }
            var block = new byte[modulusBytes];
            mpi.CopyTo(block, modulusBytes - mpi.Length);
            var session = rsa.Decrypt(block, RSAEncryptionPadding.Pkcs1);
            if (session.Length < 3)
            {
                return null;
            }
            var sum = 0;
            for (var i = 1; i < session.Length - 2; i++)
            {
                sum += session[i];
            }
            return (sum & 0xFFFF) == ((session[^2] << 8) | session[^1]) ? (SymmetricKeyAlgorithmTag)session[0] : null;
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The RSA MPI of the version-3 PKESK packet for <paramref name="keyId"/> among the leading session-key packets.</summary>
    private static byte[]? FindRsaSessionKey(byte[] message, long keyId)
    {
        byte[] binary;
        using (var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(message, writable: false)))
        using (var memory = new MemoryStream())
        {
            var buffer = new byte[4096];
            int read;
            // The session-key packets come first; a few KB hold them.
            while (memory.Length < 16384 && (read = decoder.Read(buffer, 0, buffer.Length)) > 0)
            {
                memory.Write(buffer, 0, read);
            }
            binary = memory.ToArray();
        }
        var position = 0;
        while (position < binary.Length)
        {
            var header = binary[position++];
            if ((header & 0x80) == 0)
            {
                return null;
            }
            int tag;
            long length;
            if ((header & 0x40) != 0)
            {
                tag = header & 0x3F;
                var first = binary[position++];
                if (first < 192)
                {
                    length = first;
                }
                else if (first < 224)
                {
                    length = ((first - 192) << 8) + binary[position++] + 192;
                }
                else if (first == 255)
                {
                    length = (binary[position] << 24) | (binary[position + 1] << 16) | (binary[position + 2] << 8) | binary[position + 3];
                    position += 4;
                }
                else
                {
                    return null; // partial length: the encrypted data has begun
                }
            }
            else
            {
                tag = (header >> 2) & 0x0F;
                var lengthType = header & 0x03;
                if (lengthType == 3)
                {
                    return null;
                }
                var octets = 1 << lengthType;
                length = 0;
                for (var i = 0; i < octets; i++)
                {
                    length = (length << 8) | binary[position++];
                }
            }
            if (tag is not (1 or 3 or 10) || position + length > binary.Length)
            {
                return null;
            }
            if (tag == 1 && length > 12 && binary[position] == 3)
            {
                var id = 0L;
                for (var i = 1; i <= 8; i++)
                {
                    id = (id << 8) | binary[position + i];
                }
                var algorithm = binary[position + 9];
                if (id == keyId && algorithm is 1 or 2)
                {
                    var bits = (binary[position + 10] << 8) | binary[position + 11];
                    var bytes = (bits + 7) / 8;
                    return bytes <= length - 12 ? binary.AsSpan(position + 12, bytes).ToArray() : null;
                }
            }
            position += (int)length;
        }
        return null;
    }

    private static RSA ToRsa(RsaPrivateCrtKeyParameters key)
    {
        var size = (key.Modulus.BitLength + 7) / 8;
        var half = (size + 1) / 2;
        var parameters = new RSAParameters
        {
            Modulus = Pad(key.Modulus, size),
            Exponent = key.PublicExponent.ToByteArrayUnsigned(),
            D = Pad(key.Exponent, size),
            P = Pad(key.P, half),
            Q = Pad(key.Q, half),
            DP = Pad(key.DP, half),
            DQ = Pad(key.DQ, half),
            InverseQ = Pad(key.QInv, half),
        };
        return RSA.Create(parameters);
    }

    private static byte[] Pad(Org.BouncyCastle.Math.BigInteger value, int length)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length == length)
        {
            return bytes;
        }
        var padded = new byte[length];
        bytes.CopyTo(padded, length - bytes.Length);
        return padded;
    }
}
