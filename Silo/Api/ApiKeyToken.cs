using System.Security.Cryptography;
using System.Text;

namespace Smgw.Silo.Api;

/// <summary>API key tokens: <c>smgw_&lt;16 hex id&gt;_&lt;base64url secret&gt;</c>; the secret is stored only as its SHA-256.</summary>
public static class ApiKeyToken
{
    public static (string Id, string Token, string Hash) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"smgw_{id}_{secret}", Hash(secret));
    }

    public static bool TryParse(string token, out string id, out string secret)
    {
        id = secret = "";
        var parts = token.Split('_', 3);
        if (parts is not ["smgw", { Length: 16 } keyId, { Length: > 20 } keySecret] || !keyId.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }
        (id, secret) = (keyId, keySecret);
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
