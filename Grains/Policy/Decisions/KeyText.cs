using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>Key lookups in words, for traces and DSN reasons.</summary>
public static class KeyText
{
    public static string Purpose(KeyPurpose purpose) => purpose switch
    {
        KeyPurpose.EncryptPersonalSmime => "personal S/MIME certificate",
        KeyPurpose.EncryptPersonalPgp => "personal OpenPGP key",
        KeyPurpose.EncryptDomainSmime => "domain certificate",
        KeyPurpose.EncryptDomainPgp => "OpenPGP domain key",
        KeyPurpose.SignPersonal => "personal signing certificate",
        KeyPurpose.SignOrganisation => "organisation certificate",
        KeyPurpose.DecryptOrganisation => "organisation certificate (decryption)",
        KeyPurpose.DecryptPersonalSmime => "personal S/MIME certificate (decryption)",
        KeyPurpose.DecryptDomainPgp => "OpenPGP domain key (decryption)",
        KeyPurpose.DecryptPersonalPgp => "personal OpenPGP key (decryption)",
        KeyPurpose.SignDomainPgp => "OpenPGP domain key (signing)",
        KeyPurpose.SignPersonalPgp => "personal OpenPGP key (signing)",
        _ => purpose.ToString(),
    };

    public static string State(KeyState state) => state switch
    {
        KeyState.Usable => "usable",
        KeyState.Missing => "none known",
        KeyState.Expired => "expired",
        KeyState.NotYetValid => "not yet valid",
        KeyState.Revoked => "revoked",
        KeyState.Untrusted => "untrusted",
        KeyState.WrongUsage => "wrong key usage",
        _ => "unavailable",
    };

    /// <summary>E.g. "personal S/MIME certificate of bob@x.example not usable: expired 2025-01-01".</summary>
    public static string Describe(KeyStatus key)
    {
        var subject = $"{Purpose(key.Purpose)} of {key.Owner}";
        var detail = key.Detail.Length > 0 ? " " + key.Detail : "";
        if (key.Usable)
        {
            return (key.KeyId.Length > 0 ? $"{subject} usable ({key.KeyId})" : $"{subject} usable") + detail;
        }
        return key.State == KeyState.Missing && detail.Length == 0 ? $"{subject}: none known" : $"{subject} not usable: {State(key.State)}{detail}";
    }
}
