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

    /// <summary>The leading session-key packets are read from at most this many bytes of the decoded message.</summary>
    internal const int MaxPrefix = 16384;

    /// <summary>
    /// The RSA MPI of the version-3 PKESK packet for <paramref name="keyId"/> among the leading
    /// session-key packets (RFC 4880 §4.2, §5.1). Hostile input: every length is unsigned and checked
    /// against what is left before it is used, every step moves forward, and at most
    /// <see cref="MaxPrefix"/> bytes are looked at; anything unexpected is null.
    /// </summary>
    internal static byte[]? FindRsaSessionKey(byte[] message, long keyId)
    {
        byte[] binary;
        using (var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(message, writable: false)))
        using (var memory = new MemoryStream())
        {
            var buffer = new byte[4096];
            int read;
            // The session-key packets come first; a few KB hold them.
            while (memory.Length < MaxPrefix && (read = decoder.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxPrefix - memory.Length))) > 0)
            {
                memory.Write(buffer, 0, read);
            }
            binary = memory.ToArray();
        }
        var data = binary.AsSpan();
        while (data.Length > 0)
        {
            if (!TryReadHeader(ref data, out var tag, out var length) || tag is not (1 or 3 or 10) || length > (ulong)data.Length)
            {
                return null;
            }
            var body = data[..(int)length];
            data = data[(int)length..];
            if (tag != 1 || body.Length <= 12 || body[0] != 3)
            {
                continue;
            }
            var id = 0L;
            for (var i = 1; i <= 8; i++)
            {
                id = (id << 8) | body[i];
            }
            if (id != keyId || body[9] is not (1 or 2))
            {
                continue;
            }
            var bytes = (((body[10] << 8) | body[11]) + 7) / 8;
            return bytes <= body.Length - 12 ? body.Slice(12, bytes).ToArray() : null;
        }
        return null;
    }

    /// <summary>A packet header (new or old format) with a definite length; false for a partial or indeterminate length or too few bytes.</summary>
    private static bool TryReadHeader(ref Span<byte> data, out int tag, out ulong length)
    {
        tag = 0;
        length = 0;
        var header = data[0];
        if ((header & 0x80) == 0)
        {
            return false;
        }
        if ((header & 0x40) != 0)
        {
            tag = header & 0x3F;
            if (data.Length < 2)
            {
                return false;
            }
            var first = data[1];
            if (first < 192)
            {
                length = first;
                data = data[2..];
            }
            else if (first < 224 && data.Length >= 3)
            {
                length = (ulong)((first - 192) << 8) + data[2] + 192;
                data = data[3..];
            }
            else if (first == 255 && data.Length >= 6)
            {
                length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[2..6]);
                data = data[6..];
            }
            else
            {
                return false; // partial length (the encrypted data has begun), or truncated
            }
            return true;
        }
        tag = (header >> 2) & 0x0F;
        var lengthType = header & 0x03;
        var octets = lengthType == 3 ? 0 : 1 << lengthType;
        if (octets == 0 || data.Length < 1 + octets)
        {
            return false; // indeterminate length, or truncated
        }
        for (var i = 1; i <= octets; i++)
        {
            length = (length << 8) | data[i];
        }
        data = data[(1 + octets)..];
        return true;
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
