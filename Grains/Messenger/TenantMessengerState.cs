using Smgw.Interfaces.Messenger;

namespace Smgw.Grains.Messenger;

[GenerateSerializer, Alias("smgw.TenantMessengerState")]
public sealed class TenantMessengerState
{
    [Id(0)] public MessengerSettings Settings { get; set; } = new();
}
