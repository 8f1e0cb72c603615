namespace Smgw.Interfaces.Messenger;

/// <summary>
/// One message in the Messenger for one recipient; key: the message id, the lower-case hex
/// SHA-256 of the link token (the token itself is never stored). The body is encrypted at rest.
/// </summary>
[Alias("smgw.IMessengerMessageGrain")]
public interface IMessengerMessageGrain : IGrainWithStringKey
{
    /// <summary>Stores the message and sends the notification; idempotent (a repeated deposit changes nothing).</summary>
    [Alias("Deposit")] Task DepositAsync(MessengerDeposit deposit);

    /// <summary>For the notification link: the recipient and how to register; null when unknown or expired.</summary>
    [Alias("Link")] Task<MessengerLink?> LinkAsync();

    /// <summary>The message for its recipient; null for anyone else, or when unknown or expired.</summary>
    [Alias("Summary")] Task<MessengerSummary?> SummaryAsync(string address);

    /// <summary>Opens (decrypts) the message for its recipient and records it as read; null for anyone else.</summary>
    [Alias("Open")] Task<MessengerContent?> OpenAsync(string address);

    /// <summary>Sends a reply by the recipient to the sender through the gateway; false for anyone else.</summary>
    [Alias("Reply")] Task<bool> ReplyAsync(string address, MessengerReply reply);

    /// <summary>Offboarding: the message is deleted now (state, reminder, the account's and the tenant's entries); false when there was none.</summary>
    [Alias("Erase")] Task<bool> EraseAsync();
}
