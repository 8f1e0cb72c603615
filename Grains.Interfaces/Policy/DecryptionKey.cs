namespace Smgw.Interfaces.Policy;

/// <summary>A key the gateway may use to decrypt inbound mail for a recipient.</summary>
[GenerateSerializer, Alias("smgw.policy.DecryptionKey")]
public enum DecryptionKey
{
    /// <summary>The organisation certificate of the recipient's domain (S/MIME domain encryption).</summary>
    Organisation = 0,

    /// <summary>The recipient's personal S/MIME certificate held on the gateway.</summary>
    PersonalSmime = 1,

    /// <summary>The OpenPGP domain key of the recipient's domain.</summary>
    DomainPgp = 2,

    /// <summary>The recipient's personal OpenPGP key held on the gateway.</summary>
    PersonalPgp = 3,
}
