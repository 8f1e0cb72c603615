using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Smgw.Grains.Messenger;

/// <summary>
/// Argon2id password hashes in the PHC string format
/// (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>; OWASP's minimum parameters). CPU- and
/// memory-heavy: callers run it off the grain scheduler.
/// </summary>
public static class PasswordHasher
{
    private const int MemoryKib = 19456;
    private const int Iterations = 2;
    private const int Parallelism = 1;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Compute(password, salt, MemoryKib, Iterations, Parallelism, HashBytes);
        return $"$argon2id$v=19$m={MemoryKib},t={Iterations},p={Parallelism}${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(hash).TrimEnd('=')}";
    }

    /// <summary>Checks a password against a stored hash in constant time; a null hash is checked against a dummy so unknown accounts cost the same.</summary>
    public static bool Verify(string password, string? stored)
    {
        var parts = (stored ?? Dummy).Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id")
        {
            return false;
        }
        var parameters = parts[3].Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        var salt = FromBase64(parts[4]);
        var expected = FromBase64(parts[5]);
        var actual = Compute(password, salt, parameters["m"], parameters["t"], parameters["p"], expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null;
    }

    private static readonly string Dummy = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private static byte[] Compute(string password, byte[] salt, int memory, int iterations, int parallelism, int length)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memory,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon.GetBytes(length);
    }

    private static byte[] FromBase64(string unpadded) =>
        Convert.FromBase64String(unpadded.PadRight(unpadded.Length + (4 - unpadded.Length % 4) % 4, '='));
}
