using System.Text.RegularExpressions;

namespace Smgw.Grains.Delivery;

/// <summary>RFC 3463 enhanced status codes: taken from a reply's text when present and of the reply code's class, else derived from that class.</summary>
public static partial class EnhancedStatus
{
    [GeneratedRegex(@"^\s*([245]\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex Leading();

    public static string From(int replyCode, string? text)
    {
        var match = Leading().Match(text ?? "");
        // The class must agree with the reply code (RFC 3463 §2): a 550 saying "2.0.0" is a failure.
        if (match.Success && match.Groups[1].Value[0] - '0' == replyCode / 100)
        {
            return match.Groups[1].Value;
        }
        return (replyCode / 100) switch
        {
            2 => "2.0.0",
            4 => "4.0.0",
            _ => "5.0.0",
        };
    }
}
