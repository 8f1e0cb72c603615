using System.Text;
using System.Text.RegularExpressions;

namespace Smgw.Silo.TenantData;

/// <summary>
/// Which checklist items take documents (CL-16 help-desk agreement, CL-17 information material),
/// which file types are accepted, and that the bytes are what the content type says.
/// </summary>
public static partial class DocumentRules
{
    public static readonly IReadOnlyList<string> Items = ["CL-16", "CL-17"];

    /// <summary>Accepted content types and how their bytes begin (null: text, checked as UTF-8).</summary>
    private static readonly Dictionary<string, byte[]?> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = "%PDF-"u8.ToArray(),
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = "PK\u0003\u0004"u8.ToArray(),
        ["application/vnd.oasis.opendocument.text"] = "PK\u0003\u0004"u8.ToArray(),
        ["text/plain"] = null,
        ["text/markdown"] = null,
    };

    public static IEnumerable<string> ContentTypes => Types.Keys;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Name();

    public static string Item(string item)
    {
        var found = Items.FirstOrDefault(i => string.Equals(i, item, StringComparison.OrdinalIgnoreCase));
        return found ?? throw new ArgumentException($"item: '{item}' takes no documents; documents belong to {string.Join(" and ", Items)}.");
    }

    public static void CheckName(string name)
    {
        if (!Name().IsMatch(name))
        {
            throw new ArgumentException($"name: '{name}' must be 1-100 letters, digits, '.', '_' or '-'.");
        }
    }

    public static string CheckLink(string? link)
    {
        if (!Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException($"link: '{link}' is not an http(s) URL.");
        }
        return uri.ToString();
    }

    /// <summary>The media type without parameters, if it is accepted and the bytes match it.</summary>
    public static string CheckContent(string? contentType, byte[] content, int maxSize)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!Types.TryGetValue(mediaType, out var magic))
        {
            throw new ArgumentException($"content-type: '{mediaType}' is not accepted; send one of {string.Join(", ", Types.Keys)}.");
        }
        if (content.Length == 0)
        {
            throw new ArgumentException("body: the document is empty.");
        }
        if (content.Length > maxSize)
        {
            throw new ArgumentException($"body: {content.Length} bytes is more than the {maxSize} allowed (Smgw:Documents:MaxSize).");
        }
        if (magic is not null && !content.AsSpan().StartsWith(magic))
        {
            throw new ArgumentException($"body: the bytes are not {mediaType} (they do not begin like one).");
        }
        if (magic is null)
        {
            try
            {
                _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
            }
            catch (DecoderFallbackException)
            {
                throw new ArgumentException($"body: {mediaType} must be UTF-8 text.");
            }
            if (content.Contains((byte)0))
            {
                throw new ArgumentException($"body: {mediaType} must not contain NUL bytes.");
            }
        }
        return mediaType;
    }
}
