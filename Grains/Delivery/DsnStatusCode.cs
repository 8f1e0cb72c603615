namespace Smgw.Grains.Delivery;

/// <summary>
/// RFC 3463 enhanced status codes: syntax check and short plain-English descriptions.
/// </summary>
internal static class DsnStatusCode
{
    /// <summary>
    /// True when <paramref name="status"/> is class.subject.detail with class 2, 4 or 5 and
    /// subject and detail 1 to 3 ASCII digits each (RFC 3463 §2). No surrounding whitespace allowed.
    /// </summary>
    public static bool IsValid(string? status)
    {
        if (string.IsNullOrEmpty(status) || status.Length < 5)
        {
            return false;
        }

        if (status[0] is not ('2' or '4' or '5') || status[1] != '.')
        {
            return false;
        }

        var rest = status.AsSpan(2);
        var dot = rest.IndexOf('.');
        return dot > 0 && IsDigits(rest[..dot]) && IsDigits(rest[(dot + 1)..]);
    }

    /// <summary>A short description of the subject.detail part, or null when we have none.</summary>
    public static string? Describe(string status)
    {
        var subjectDetail = status[2..];
        return subjectDetail switch
        {
            "1.1" => "the recipient's mailbox does not exist",
            "1.2" => "the recipient's domain does not exist or does not accept mail",
            "1.3" => "the recipient address is not valid",
            "1.6" => "the recipient's mailbox has moved",
            "1.10" => "the recipient's domain does not accept mail (null MX)",
            "2.1" => "the recipient's mailbox is disabled",
            "2.2" => "the recipient's mailbox is full",
            "2.3" => "the message is larger than the recipient accepts",
            "3.4" => "the message is too big for the receiving system",
            "4.1" => "the receiving mail server did not answer",
            "4.2" => "the connection to the receiving mail server was lost",
            "4.4" => "the recipient's mail server could not be found",
            "4.7" => "the message could not be delivered in time",
            "7.1" => "the receiving mail server refused the message (delivery not authorized)",
            "7.26" => "the receiving mail server refused the message because sender authentication failed",
            _ => null,
        };
    }

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        if (span.Length is < 1 or > 3)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
