namespace Smgw.Interfaces.Messenger;

/// <summary>
/// A Messenger user: the password (Argon2id hash), the pending one-time code, failed attempts and
/// lock-out, and the user's messages; key: the lower-case address.
/// </summary>
[Alias("smgw.IMessengerAccountGrain")]
public interface IMessengerAccountGrain : IGrainWithStringKey
{
    [Alias("AddMessage")] Task AddMessageAsync(string messageId, string tenantId);
    /// <summary>One-way: the message grain that expires does not wait (the account may at that moment be waiting for it).</summary>
    [Alias("RemoveMessage"), Orleans.Concurrency.OneWay] Task RemoveMessageAsync(string messageId);

    /// <summary>Read-only and interleaving: a message grain asks this while the account may be waiting for that message grain.</summary>
    [Alias("HasPassword"), Orleans.Concurrency.AlwaysInterleave] Task<bool> HasPasswordAsync();
    [Alias("Messages")] Task<IReadOnlyList<string>> MessagesAsync();

    /// <summary>Creates a one-time code and mails it to the recipient or to the sender of <paramref name="messageId"/>, as the tenant chose.</summary>
    [Alias("SendCode")] Task SendCodeAsync(string messageId);

    /// <summary>Sets the first password after proving the code; counts failures like logins.</summary>
    [Alias("Register")] Task<MessengerLoginResult> RegisterAsync(string code, string password);

    [Alias("Login")] Task<MessengerLoginResult> LoginAsync(string password);

    /// <summary>CL-13: an administrator of <paramref name="tenantId"/> deposits or resets the password; audited.</summary>
    [Alias("DepositPassword")] Task DepositPasswordAsync(string tenantId, string password, string actor);

    /// <summary>
    /// Offboarding of <paramref name="tenantId"/>: its messages leave the account; an account left with
    /// no message of any tenant is deleted (password, codes, audit). True when the account was deleted.
    /// </summary>
    [Alias("ForgetTenant")] Task<bool> ForgetTenantAsync(string tenantId);
}
