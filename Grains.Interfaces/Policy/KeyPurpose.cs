namespace Smgw.Interfaces.Policy;

/// <summary>What a key is looked up for in the key directory.</summary>
[GenerateSerializer, Alias("smgw.policy.KeyPurpose")]
public enum KeyPurpose
{
    /// <summary>The recipient's personal S/MIME certificate (owner: address).</summary>
    EncryptPersonalSmime = 0,

    /// <summary>The recipient's personal OpenPGP key (owner: address).</summary>
    EncryptPersonalPgp = 1,

    /// <summary>The S/MIME certificate of the recipient's domain (owner: domain).</summary>
    EncryptDomainSmime = 2,

    /// <summary>The OpenPGP domain key of the recipient's domain (owner: domain).</summary>
    EncryptDomainPgp = 3,

    /// <summary>The sender's personal signing certificate with its private key (owner: address).</summary>
    SignPersonal = 4,

    /// <summary>The organisation certificate of the sender's domain with its private key (owner: domain).</summary>
    SignOrganisation = 5,

    /// <summary>The organisation certificate's private key of the recipient's domain (owner: domain).</summary>
    DecryptOrganisation = 6,

    /// <summary>The recipient's personal S/MIME private key (owner: address).</summary>
    DecryptPersonalSmime = 7,

    /// <summary>The OpenPGP domain private key of the recipient's domain (owner: domain).</summary>
    DecryptDomainPgp = 8,

    /// <summary>The recipient's personal OpenPGP private key (owner: address).</summary>
    DecryptPersonalPgp = 9,

    /// <summary>
    /// The OpenPGP domain key of the sender's domain with its private part (owner: domain): signs
    /// copies that are OpenPGP encrypted (so the recipient's OpenPGP client can verify them), and
    /// plain copies when no organisation certificate is usable.
    /// </summary>
    SignDomainPgp = 10,

    /// <summary>
    /// The sender's personal OpenPGP key with its private part (owner: address): signs
    /// OpenPGP-encrypted copies when the policy says PersonalIfAvailable, before the domain key.
    /// </summary>
    SignPersonalPgp = 11,
}
