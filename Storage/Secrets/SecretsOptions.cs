namespace Smgw.Storage.Secrets;

/// <summary>
/// Configuration section <c>Smgw:Secrets</c>: the master key that encrypts private keys and
/// secrets at rest. Give it from a secret store (<c>Smgw__Secrets__MasterKey</c>, base64 of 32
/// random bytes: <c>openssl rand -base64 32</c>) or as a file. When neither is set, the
/// all-in-one creates <c>{DataDirectory}/master.key</c> (mode 0600) and says so in the log.
/// </summary>
public sealed class SecretsOptions
{
    public const string Section = "Smgw:Secrets";

    public string? MasterKey { get; set; }

    public string? MasterKeyFile { get; set; }
}
