using Org.BouncyCastle.Bcpg;

namespace Smgw.Crypto.OpenPgp;

/// <summary>ASCII armour (RFC 4880 6.2) without a Version header.</summary>
public static class OpenPgpArmor
{
    /// <summary>Armours <paramref name="data"/>; the armour header line follows from the first packet (key, message, signature).</summary>
    public static string Armor(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var armored = Open(memory))
        {
            armored.Write(data, 0, data.Length);
        }
        return System.Text.Encoding.ASCII.GetString(memory.ToArray());
    }

    /// <summary>
    /// Whether <paramref name="armored"/> (an inline body) is an OpenPGP encrypted message: its
    /// armour decodes and the first packets are session-key packets followed by encrypted data.
    /// A body that merely starts with the armour line is not.
    /// </summary>
    public static bool IsEncryptedMessage(ReadOnlySpan<byte> armored)
    {
        try
        {
            using var input = Org.BouncyCastle.Bcpg.OpenPgp.PgpUtilities.GetDecoderStream(new MemoryStream(Clean(armored), writable: false));
            var factory = new Org.BouncyCastle.Bcpg.OpenPgp.PgpObjectFactory(input);
            var first = factory.NextPgpObject();
            if (first is Org.BouncyCastle.Bcpg.OpenPgp.PgpMarker)
            {
                first = factory.NextPgpObject();
            }
            return first is Org.BouncyCastle.Bcpg.OpenPgp.PgpEncryptedDataList list && list.Count > 0;
        }
        catch (Exception e) when (e is IOException or Org.BouncyCastle.Bcpg.OpenPgp.PgpException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Armour as clients and list servers leave it — white space around lines, CRLF or LF — with
    /// every line trimmed and LF line ends, which the armour reader takes.
    /// </summary>
    public static byte[] Clean(ReadOnlySpan<byte> armored)
    {
        using var output = new MemoryStream(armored.Length);
        var position = 0;
        while (position < armored.Length)
        {
            var newline = armored[position..].IndexOf((byte)'\n');
            var end = newline < 0 ? armored.Length : position + newline + 1;
            output.Write(armored[position..end].Trim(" \t\r\n"u8));
            output.WriteByte((byte)'\n');
            position = end;
        }
        return output.ToArray();
    }

    /// <summary>An armouring stream without the Version header; closing it writes the trailer (not the inner stream).</summary>
    public static ArmoredOutputStream Open(Stream output)
    {
        return new ArmoredOutputStream(output, addVersionHeader: false);
    }
}
