namespace Smgw.Interfaces.Policy;

/// <summary>Whether outbound mail must be encrypted.</summary>
[GenerateSerializer, Alias("smgw.policy.EncryptionRequirement")]
public enum EncryptionRequirement
{
    /// <summary>Not encrypted.</summary>
    None = 0,

    /// <summary>Encrypted when a usable key is found, else delivered unencrypted.</summary>
    IfPossible = 1,

    /// <summary>Encrypted, or (no usable key) handed to the Messenger or refused: never delivered in plain text.</summary>
    Mandatory = 2,
}
