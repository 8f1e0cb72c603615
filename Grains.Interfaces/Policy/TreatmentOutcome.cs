namespace Smgw.Interfaces.Policy;

/// <summary>What becomes of the message for one recipient.</summary>
[GenerateSerializer, Alias("smgw.policy.TreatmentOutcome")]
public enum TreatmentOutcome
{
    /// <summary>Delivered (signed, encrypted, decrypted, or as it is, as the treatment says).</summary>
    Deliver = 0,

    /// <summary>Marked for the Messenger: the recipient gets a notification and reads the message over HTTPS.</summary>
    Messenger = 1,

    /// <summary>Refused permanently; the sender gets a DSN with the status and reason.</summary>
    Refuse = 2,

    /// <summary>Held back temporarily (e.g. the policy configuration is broken); the queue retries.</summary>
    Defer = 3,
}
