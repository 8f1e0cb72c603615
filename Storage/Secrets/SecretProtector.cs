using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Smgw.Storage.Secrets;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM under a key derived (HKDF-SHA256) from the master key
/// for each purpose, so a blob of one purpose cannot be passed off as another's.
/// Format: version (1) · nonce (12) · tag (16) · ciphertext.
/// </summary>
public sealed class SecretProtector
{
    private const byte Version = 1;
    private readonly byte[] _masterKey;

    public SecretProtector(IOptions<SecretsOptions> options, IConfiguration configuration, ILogger<SecretProtector> logger)
        : this(LoadMasterKey(options.Value, DataDirectory.Resolve(configuration), logger))
    {
    }

    public SecretProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("Smgw:Secrets:MasterKey must be 32 bytes (base64 of 32 random bytes: openssl rand -base64 32).");
        }
        _masterKey = masterKey;
    }

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var output = new byte[1 + 12 + 16 + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(purpose), 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(29), output.AsSpan(13, 16), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>Decrypts; throws <see cref="CryptographicException"/> for a wrong key, purpose or a tampered blob.</summary>
    public byte[] Unprotect(ReadOnlySpan<byte> blob, string purpose)
    {
        if (blob.Length < 29 || blob[0] != Version)
        {
            throw new CryptographicException("not a protected secret of a known version");
        }
        var plaintext = new byte[blob.Length - 29];
        using var aes = new AesGcm(Key(purpose), 16);
        aes.Decrypt(blob.Slice(1, 12), blob[29..], blob.Slice(13, 16), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    /// <summary>A password for formats that bring their own encryption (PKCS#12), derived for one purpose.</summary>
    public string Password(string purpose) => Convert.ToBase64String(Key("password:" + purpose));

    private byte[] Key(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKey, 32, salt: [], info: Encoding.UTF8.GetBytes("smgw:" + purpose));

    private static byte[] LoadMasterKey(SecretsOptions options, string dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return Decode(options.MasterKey, "Smgw:Secrets:MasterKey");
        }
        if (!string.IsNullOrWhiteSpace(options.MasterKeyFile))
        {
            if (!File.Exists(options.MasterKeyFile))
            {
                throw new InvalidOperationException($"Smgw:Secrets:MasterKeyFile '{options.MasterKeyFile}' does not exist.");
            }
            return Decode(File.ReadAllText(options.MasterKeyFile), "Smgw:Secrets:MasterKeyFile");
        }

        var path = Path.Combine(dataDirectory, "master.key");
        if (File.Exists(path))
        {
            logger.LogWarning("Secrets are encrypted with the generated master key {Path}; set Smgw:Secrets:MasterKey from a secret store for production", path);
            return Decode(File.ReadAllText(path), path);
        }
        PrivateFiles.CreateDirectory(dataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, file))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(key));
        }
        logger.LogWarning("Smgw:Secrets:MasterKey is not set: created a master key at {Path} (mode 0600). Keep it apart from backups of the data, or set Smgw:Secrets:MasterKey", path);
        return key;
    }

    private static byte[] Decode(string base64, string setting)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            return key.Length == 32 ? key : throw new FormatException($"{key.Length} bytes");
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{setting} must be base64 of 32 random bytes (openssl rand -base64 32): {ex.Message}", ex);
        }
    }
}
