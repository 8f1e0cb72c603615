namespace Smgw.Interfaces.Policy;

/// <summary>The protection a message already carries when it reaches the gateway.</summary>
[GenerateSerializer, Alias("smgw.policy.ContentProtection")]
public enum ContentProtection
{
    /// <summary>Plain MIME.</summary>
    None = 0,

    /// <summary>S/MIME (application/pkcs7-mime enveloped data, or a multipart/signed S/MIME signature).</summary>
    Smime = 1,

    /// <summary>PGP/MIME or inline OpenPGP.</summary>
    OpenPgp = 2,
}
