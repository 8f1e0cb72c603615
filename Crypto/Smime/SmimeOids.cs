namespace Smgw.Crypto.Smime;

/// <summary>Object identifiers used by the engine (RFC 5652, RFC 5084, RFC 3565, RFC 8551).</summary>
public static class SmimeOids
{
    /// <summary>id-data.</summary>
    public const string Data = "1.2.840.113549.1.7.1";

    /// <summary>id-signedData.</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";

    /// <summary>id-envelopedData.</summary>
    public const string EnvelopedData = "1.2.840.113549.1.7.3";

    /// <summary>id-ct-compressedData (RFC 3274): compressed, not encrypted.</summary>
    public const string CompressedData = "1.2.840.113549.1.9.16.1.9";

    /// <summary>id-ct-authEnvelopedData (RFC 5083).</summary>
    public const string AuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";

    /// <summary>id-aes256-CBC: the engine's content-encryption algorithm.</summary>
    public const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";

    /// <summary>id-aes128-CBC.</summary>
    public const string Aes128Cbc = "2.16.840.1.101.3.4.1.2";

    /// <summary>id-aes256-GCM (RFC 5084).</summary>
    public const string Aes256Gcm = "2.16.840.1.101.3.4.1.46";

    /// <summary>des-ede3-cbc: never chosen by the engine.</summary>
    public const string DesEde3Cbc = "1.2.840.113549.3.7";

    /// <summary>id-sha256.</summary>
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    /// <summary>id-RSAES-OAEP.</summary>
    public const string RsaesOaep = "1.2.840.113549.1.1.7";

    /// <summary>rsaEncryption (PKCS #1 v1.5 key transport).</summary>
    public const string RsaEncryption = "1.2.840.113549.1.1.1";

    /// <summary>smimeCapabilities signed attribute.</summary>
    public const string SmimeCapabilities = "1.2.840.113549.1.9.15";

    /// <summary>The contentType signed attribute (RFC 5652 §11.1).</summary>
    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";

    /// <summary>The messageDigest signed attribute (RFC 5652 §11.2).</summary>
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";

    /// <summary>The signingTime signed attribute (RFC 5652 §11.3).</summary>
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    /// <summary>id-kp-emailProtection.</summary>
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    /// <summary>anyExtendedKeyUsage.</summary>
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <summary>pkcs-9 emailAddress (legacy e-mail in the subject name).</summary>
    public const string EmailAddressAttribute = "1.2.840.113549.1.9.1";

    /// <summary>subjectAltName extension.</summary>
    public const string SubjectAltName = "2.5.29.17";

    /// <summary>
    /// The broken hash behind a digest or signature algorithm OID — MD2, MD5, SHA-1 (alone, with RSA,
    /// DSA or ECDSA) — or null for any other.
    /// </summary>
    public static string? WeakDigestName(string? oid) => oid switch
    {
        "1.2.840.113549.2.2" or "1.2.840.113549.1.1.2" => "MD2",
        "1.2.840.113549.2.5" or "1.2.840.113549.1.1.4" => "MD5",
        "1.3.14.3.2.26" or "1.2.840.113549.1.1.5" or "1.3.14.3.2.29" or "1.2.840.10040.4.3" or "1.2.840.10045.4.1" => "SHA-1",
        _ => null,
    };

    /// <summary>A readable name of a content-encryption algorithm OID (for the decryption stamp), or the OID itself.</summary>
    public static string CipherName(string oid) => oid switch
    {
        "2.16.840.1.101.3.4.1.2" => "AES-128-CBC",
        "2.16.840.1.101.3.4.1.22" => "AES-192-CBC",
        Aes256Cbc => "AES-256-CBC",
        "2.16.840.1.101.3.4.1.6" => "AES-128-GCM",
        "2.16.840.1.101.3.4.1.26" => "AES-192-GCM",
        Aes256Gcm => "AES-256-GCM",
        DesEde3Cbc => "3DES-CBC",
        "1.3.14.3.2.7" => "DES-CBC",
        "1.2.840.113549.3.2" => "RC2-CBC",
        "1.2.840.113549.1.9.16.3.18" => "ChaCha20-Poly1305",
        _ => oid,
    };
}
