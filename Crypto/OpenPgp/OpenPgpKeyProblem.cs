namespace Smgw.Crypto.OpenPgp;

/// <summary>Why an OpenPGP key cannot be used (for the decision trace and the key store).</summary>
public enum OpenPgpKeyProblem
{
    /// <summary>Nothing wrong.</summary>
    None = 0,

    /// <summary>The primary key or every capable subkey has expired.</summary>
    Expired,

    /// <summary>The primary key (or every capable subkey) carries a valid revocation signature.</summary>
    Revoked,

    /// <summary>The key was created in the future.</summary>
    NotYetValid,

    /// <summary>No valid subkey (or primary key) may encrypt, or sign, as the purpose requires.</summary>
    NoUsableSubkey,

    /// <summary>No self-certified user id names the expected address (or a mailbox of the expected domain).</summary>
    UserIdMismatch,

    /// <summary>RSA below 2048 bits, or an algorithm the gateway does not accept (DSA, ElGamal).</summary>
    WeakKey,
}
