using System.Text.RegularExpressions;

namespace Smgw.Grains.Delivery;

/// <summary>RFC 3463 enhanced status codes: taken from a reply's text when present, else derived from the reply code's class.</summary>
public static partial class EnhancedStatus
{
    [GeneratedRegex(@"^\s*([245]\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex Leading();

    public static string From(int replyCode, string? text)
    {
        var match = Leading().Match(text ?? "");
        if (match.Success)
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
