namespace Smgw.Interfaces.Keys;

/// <summary>What a stored certificate is for.</summary>
[GenerateSerializer, Alias("smgw.keys.KeyKind")]
public enum KeyKind
{
    /// <summary>A correspondent's public certificate (owner: an address = personal, a domain = domain encryption).</summary>
    Certificate = 0,

    /// <summary>A tenant domain's organisation certificate with its private key: signs outbound and decrypts inbound mail.</summary>
    Organisation = 1,
}
