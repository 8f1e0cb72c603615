namespace Smgw.Interfaces.Policy;

/// <summary>A way to encrypt outbound mail for one recipient; a policy lists them in order of preference.</summary>
[GenerateSerializer, Alias("smgw.policy.EncryptionMethod")]
public enum EncryptionMethod
{
    /// <summary>The recipient's personal S/MIME certificate.</summary>
    PersonalSmime = 0,

    /// <summary>The recipient's personal OpenPGP key.</summary>
    PersonalPgp = 1,

    /// <summary>The S/MIME (organisation) certificate of the recipient's domain: gateway-to-gateway domain encryption.</summary>
    DomainSmime = 2,

    /// <summary>The OpenPGP domain key of the recipient's domain: gateway-to-gateway domain encryption.</summary>
    DomainPgp = 3,
}
