namespace Smgw.Grains.Policy.Decisions;

/// <summary>Address comparison for policy lookup: the whole address case-insensitively (local part too), the domain always.</summary>
internal static class Addresses
{
    public static string Key(string address) => address.Trim().ToLowerInvariant();

    public static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : address[(at + 1)..].Trim().ToLowerInvariant();
    }

    public static bool Same(string a, string b) => string.Equals(Key(a), Key(b), StringComparison.Ordinal);

    /// <summary>A group member is an address, or "@domain" / "*@domain" for every address of a domain.</summary>
    public static bool MemberMatches(string member, string address)
    {
        var m = Key(member);
        if (m.StartsWith("*@", StringComparison.Ordinal))
        {
            m = m[1..];
        }
        return m.StartsWith('@') ? m[1..] == Domain(address) && address.Contains('@') : m == Key(address);
    }

    /// <summary>For delivery and de-duplication: the address as given, with the domain in lower case.</summary>
    public static string Canonical(string address)
    {
        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        return at < 0 ? trimmed : trimmed[..at] + "@" + trimmed[(at + 1)..].ToLowerInvariant();
    }
}
