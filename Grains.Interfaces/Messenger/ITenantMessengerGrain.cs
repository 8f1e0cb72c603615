namespace Smgw.Interfaces.Messenger;

/// <summary>A tenant's Messenger settings and the index of its Messenger messages (for offboarding); key: tenant id.</summary>
[Alias("smgw.ITenantMessengerGrain")]
public interface ITenantMessengerGrain : IGrainWithStringKey
{
    [Alias("Set")] Task<MessengerSettings> SetAsync(MessengerSettings settings);
    [Alias("Get")] Task<MessengerSettings> GetAsync();

    /// <summary>Records a message the tenant's mail left in the Messenger (idempotent).</summary>
    [Alias("AddMessage")] Task AddMessageAsync(string messageId, string recipient);

    /// <summary>One-way: an expired or erased message leaves the index without waiting.</summary>
    [Alias("RemoveMessage"), Orleans.Concurrency.OneWay] Task RemoveMessageAsync(string messageId);

    /// <summary>The tenant's Messenger messages: message id → recipient address.</summary>
    [Alias("Messages")] Task<IReadOnlyDictionary<string, string>> MessagesAsync();

    /// <summary>Offboarding: settings and index deleted.</summary>
    [Alias("Clear")] Task ClearAsync();
}
