namespace Smgw.Interfaces.Messenger;

/// <summary>How a first-time Messenger user proves control of the address before setting a password.</summary>
public enum MessengerVerification
{
    /// <summary>A one-time code is mailed to the recipient's address.</summary>
    CodeByMail = 0,

    /// <summary>A one-time code is mailed to the sender, who passes it to the recipient on another channel (phone, letter).</summary>
    CodeFromSender = 1,
}
