using System.Security.Cryptography;
using System.Text;

namespace Smgw.Grains.Wkd;

/// <summary>The Web Key Directory hash of a local part: z-base-32 of SHA-1 of the local part in lower case (draft-koch-openpgp-webkey-service 3.1).</summary>
public static class WkdHash
{
    private const string Alphabet = "ybndrfg8ejkmcpqxot1uwisza345h769";

    /// <summary>The 32-character hash of <paramref name="localPart"/> (ASCII letters lower-cased).</summary>
    public static string Of(string localPart)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(LowerAscii(localPart)));
        return ZBase32(digest);
    }

    /// <summary>z-base-32 (RFC 6189 5.1.6): 5-bit groups, most significant bit first.</summary>
    public static string ZBase32(ReadOnlySpan<byte> data)
    {
        var output = new StringBuilder((data.Length * 8 + 4) / 5);
        var buffer = 0;
        var bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            output.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return output.ToString();
    }

    private static string LowerAscii(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
}
