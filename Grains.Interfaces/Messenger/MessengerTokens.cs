using System.Security.Cryptography;
using System.Text;

namespace Smgw.Interfaces.Messenger;

/// <summary>Link tokens and message ids: the id is the SHA-256 of the token, so the stored ids do not open links.</summary>
public static class MessengerTokens
{
    public static string MessageId(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Is this shaped like a message id (64 lower-case hex digits)? Anything else is not looked up.</summary>
    public static bool IsMessageId(string? id) =>
        id is { Length: 64 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Is this shaped like a token (43 base64url characters)?</summary>
    public static bool IsToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Address(string address) => address.Trim().ToLowerInvariant();
}
