using MimeKit;

namespace Smgw.Grains.Policy;

/// <summary>How the policy stage writes what it changed: CRLF MIME, stamps on one line.</summary>
internal static class PolicyOutput
{
    public static byte[] Serialize(MimeMessage message)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var output = new MemoryStream();
        message.WriteTo(options, output);
        return output.ToArray();
    }

    /// <summary>A text for a header value or a log line: line breaks and tabs folded into single spaces.</summary>
    public static string Flat(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
