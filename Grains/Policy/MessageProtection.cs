using System.Runtime.InteropServices;
using MimeKit;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>What protection a stored message already carries, read from its top-level Content-Type only.</summary>
public static class MessageProtection
{
    /// <summary>The prefix of the headers the gateway stamps; inbound mail that brings its own is rewritten without them.</summary>
    public const string StampPrefix = "X-SMGW-";

    /// <summary>Whether the message's top-level header carries a header named like the gateway's stamps (a forgery, inbound).</summary>
    public static bool HasStampHeaders(ReadOnlyMemory<byte> body)
    {
        using var stream = Open(body);
        try
        {
            return HeaderList.Load(stream).Any(h => h.Field.StartsWith(StampPrefix, StringComparison.OrdinalIgnoreCase));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static (ContentProtection Encrypted, ContentProtection Signed) Detect(ReadOnlyMemory<byte> body)
    {
        HeaderList headers;
        using (var stream = Open(body))
        {
            try
            {
                headers = HeaderList.Load(stream);
            }
            catch (FormatException)
            {
                return (ContentProtection.None, ContentProtection.None);
            }
        }
        if (headers[HeaderId.ContentType] is not { } value || !ContentType.TryParse(value, out var type))
        {
            return (ContentProtection.None, ContentProtection.None);
        }
        if (type.IsMimeType("application", "pkcs7-mime") || type.IsMimeType("application", "x-pkcs7-mime"))
        {
            var smimeType = type.Parameters["smime-type"]?.Trim().ToLowerInvariant();
            return smimeType is "signed-data" or "certs-only"
                ? (ContentProtection.None, ContentProtection.Smime)
                : (ContentProtection.Smime, ContentProtection.None);
        }
        if (type.IsMimeType("multipart", "encrypted"))
        {
            return (ContentProtection.OpenPgp, ContentProtection.None);
        }
        if (type.IsMimeType("multipart", "signed"))
        {
            var protocol = type.Parameters["protocol"]?.Trim().ToLowerInvariant() ?? "";
            return (ContentProtection.None, protocol.Contains("pgp", StringComparison.Ordinal) ? ContentProtection.OpenPgp : ContentProtection.Smime);
        }
        return (ContentProtection.None, ContentProtection.None);
    }

    /// <summary>A read-only stream over the body without copying it (the stored body can be tens of megabytes).</summary>
    public static MemoryStream Open(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}
