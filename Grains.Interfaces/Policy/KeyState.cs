namespace Smgw.Interfaces.Policy;

/// <summary>Whether a key the directory knows of can be used, and if not, why.</summary>
[GenerateSerializer, Alias("smgw.policy.KeyState")]
public enum KeyState
{
    /// <summary>Valid and usable for the purpose asked.</summary>
    Usable = 0,

    /// <summary>No key known.</summary>
    Missing = 1,

    /// <summary>Past its validity period.</summary>
    Expired = 2,

    /// <summary>Before its validity period.</summary>
    NotYetValid = 3,

    /// <summary>Revoked (CRL, OCSP or OpenPGP revocation).</summary>
    Revoked = 4,

    /// <summary>Does not chain to a trust anchor the tenant accepts.</summary>
    Untrusted = 5,

    /// <summary>Key usage, extended key usage or the address in the certificate does not fit.</summary>
    WrongUsage = 6,

    /// <summary>Exists but cannot be used now (e.g. the revocation status could not be checked and policy says fail closed).</summary>
    Unavailable = 7,
}
