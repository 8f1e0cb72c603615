using Smgw.Interfaces.Messenger;

namespace Smgw.Grains.Messenger;

[GenerateSerializer, Alias("smgw.TenantMessengerState")]
public sealed class TenantMessengerState
{
    [Id(0)] public MessengerSettings Settings { get; set; } = new();
    /// <summary>The tenant's Messenger messages: message id → recipient (messages stored before this index existed are not in it).</summary>
    [Id(1)] public Dictionary<string, string> Messages { get; set; } = [];
}
