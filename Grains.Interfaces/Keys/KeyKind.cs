namespace Smgw.Interfaces.Keys;

/// <summary>What a stored certificate is for.</summary>
[GenerateSerializer, Alias("smgw.keys.KeyKind")]
public enum KeyKind
{
    /// <summary>A correspondent's public certificate (owner: an address = personal, a domain = domain encryption).</summary>
    Certificate = 0,

    /// <summary>A tenant domain's organisation certificate with its private key: signs outbound and decrypts inbound mail.</summary>
    Organisation = 1,

    /// <summary>
    /// A correspondent's OpenPGP public key (owner: an address = personal key, a domain = the
    /// domain's key for gateway-to-gateway encryption). Sources: imported, harvested, wkd.
    /// </summary>
    OpenPgp = 2,

    /// <summary>
    /// An OpenPGP key the gateway holds with its private part: a tenant domain's key (signs outbound,
    /// decrypts inbound, published by WKD) or the personal key of a listed address (decrypts inbound).
    /// </summary>
    OpenPgpSecret = 3,

    /// <summary>
    /// The personal S/MIME certificate of an address of a tenant, with its private key held by the
    /// gateway (owner: the address): signs outbound mail from it when the policy says
    /// <c>PersonalIfAvailable</c>, decrypts inbound mail encrypted to it, and serves other tenants
    /// of this gateway as the address's encryption certificate when no correspondent's certificate is stored.
    /// </summary>
    Personal = 4,
}
