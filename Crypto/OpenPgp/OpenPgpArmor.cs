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

    /// <summary>An armouring stream without the Version header; closing it writes the trailer (not the inner stream).</summary>
    public static ArmoredOutputStream Open(Stream output)
    {
        return new ArmoredOutputStream(output, addVersionHeader: false);
    }
}
