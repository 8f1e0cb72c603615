namespace Smgw.Interfaces.Messenger;

/// <summary>A tenant's Messenger settings; key: tenant id.</summary>
[Alias("smgw.ITenantMessengerGrain")]
public interface ITenantMessengerGrain : IGrainWithStringKey
{
    [Alias("Set")] Task<MessengerSettings> SetAsync(MessengerSettings settings);
    [Alias("Get")] Task<MessengerSettings> GetAsync();
}
