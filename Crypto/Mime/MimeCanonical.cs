using MimeKit;
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace Smgw.Crypto.Mime;

/// <summary>The canonical (CRLF) bytes of MIME entities that are signed or encrypted, for S/MIME and OpenPGP alike (RFC 8551 3.1.1, RFC 3156 5).</summary>
internal static class MimeCanonical
{
    private static readonly FormatOptions Dos = CreateDosOptions();

    private static FormatOptions CreateDosOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    /// <summary>The entity as CRLF bytes (for encryption).</summary>
    public static byte[] ForEncryption(MimeEntity entity)
    {
        using var memory = new MemoryStream();
        using (var filtered = new FilteredStream(memory))
        {
            filtered.Add(new Unix2DosFilter());
            entity.WriteTo(Dos, filtered);
            filtered.Flush();
        }
        return memory.ToArray();
    }

    /// <summary>A received signed part as the CRLF bytes its signer signed.</summary>
    public static byte[] AsReceived(MimeEntity entity)
    {
        using var memory = new MemoryStream();
        entity.WriteTo(Dos, memory);
        return memory.ToArray();
    }

    /// <summary>Prepared for 7-bit transport and canonicalised: CRLF, no trailing whitespace, "From " armoured.</summary>
    public static byte[] ForSigning(MimeEntity entity)
    {
        entity.Prepare(EncodingConstraint.SevenBit, 78);
        using var memory = new MemoryStream();
        using (var filtered = new FilteredStream(memory))
        {
            filtered.Add(new ArmoredFromFilter());
            filtered.Add(new TrailingWhitespaceFilter());
            filtered.Add(new Unix2DosFilter());
            entity.WriteTo(Dos, filtered);
            filtered.Flush();
        }
        return memory.ToArray();
    }
}
