namespace Smgw.Interfaces.Policy;

/// <summary>What happens when encryption is mandatory and no usable key exists.</summary>
[GenerateSerializer, Alias("smgw.policy.MissingKeyAction")]
public enum MissingKeyAction
{
    /// <summary>The recipient is sent a notification and reads the message in the Messenger (issue E).</summary>
    Messenger = 0,

    /// <summary>The recipient is refused; the sender gets a DSN stating the reason.</summary>
    RefuseWithDsn = 1,
}
