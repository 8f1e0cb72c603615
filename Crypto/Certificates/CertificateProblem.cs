namespace Smgw.Crypto.Certificates;

/// <summary>Why a certificate is not usable.</summary>
public enum CertificateProblem
{
    /// <summary>The chain does not end at one of the given trust anchors.</summary>
    Untrusted,

    /// <summary>A certificate in the chain is past its notAfter.</summary>
    Expired,

    /// <summary>A certificate in the chain is before its notBefore.</summary>
    NotYetValid,

    /// <summary>Key usage or extended key usage does not allow the purpose (e-mail signing or encryption).</summary>
    WrongKeyUsage,

    /// <summary>The e-mail address is not among the certificate's rfc822Name SANs (or legacy subject e-mail).</summary>
    AddressNotInCertificate,

    /// <summary>The key is too weak or of an unsupported kind (RSA below 2048 bits, an unknown curve).</summary>
    WeakKey,

    /// <summary>The certificate has been revoked (CRL or OCSP).</summary>
    Revoked,

    /// <summary>Any other chain error (bad signature on a certificate, bad basic constraints, ...).</summary>
    ChainInvalid,

    /// <summary>No CRL or OCSP answer could be had, and policy refuses certificates of unknown status (Smgw:Revocation:WhenUnknown).</summary>
    RevocationUnknown,
}
