namespace Smgw.Grains.Policy.Decisions;

/// <summary>The RFC 3463 enhanced status codes the policy engine refuses or defers with.</summary>
public static class PolicyStatusCodes
{
    /// <summary>Encryption is mandatory, no usable key exists, and the policy says refuse: "delivery not authorized, message refused" (X.7.1).</summary>
    public const string EncryptionRequiredNoKey = "5.7.1";

    /// <summary>Inbound mail is encrypted and the gateway cannot decrypt it for the recipient, and the policy says refuse: "cryptographic failure" (X.7.5).</summary>
    public const string Undecryptable = "5.7.5";

    /// <summary>The policy configuration refers to a policy that does not exist: "system incorrectly configured" (X.3.5), temporary so the message waits for the fix instead of going out under a weaker policy.</summary>
    public const string ConfigurationError = "4.3.5";
}
