using System.Text;
using MimeKit;

namespace Smgw.Crypto.Mime;

/// <summary>
/// What a decrypted or unwrapped CMS/OpenPGP content is as MIME. Clients put a MIME entity inside;
/// `openssl cms -encrypt` of a plain file (and some older clients) put bare text without a header:
/// that is text/plain (UTF-8 when it is valid UTF-8, else Latin-1), not an error.
/// </summary>
internal static class DecryptedContent
{
    public static MimeEntity Load(byte[] content)
    {
        if (StartsWithHeader(content))
        {
            try
            {
                return MimeEntity.Load(new MemoryStream(content, writable: false));
            }
            catch (FormatException)
            {
                // Falls through: read as text.
            }
        }
        var part = new TextPart("plain") { Text = Text(content) };
        part.ContentType.Charset = "utf-8";
        return part;
    }

    /// <summary>The first line is a header field (RFC 5322 §2.2: printable ASCII but the colon, then a colon), or the content starts with an empty line (no headers).</summary>
    private static bool StartsWithHeader(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("\r\n"u8) || content.StartsWith("\n"u8))
        {
            return true;
        }
        var length = 0;
        while (length < content.Length && content[length] is > 32 and < 127 and not (byte)':')
        {
            length++;
        }
        return length > 0 && length < content.Length && content[length] == ':';
    }

    private static string Text(byte[] content)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }
}
