namespace Smgw.Grains.Messenger;

/// <summary>A stored Messenger message; body and subject are encrypted (AES-GCM under the master key, bound to the message id).</summary>
[GenerateSerializer, Alias("smgw.MessengerMessageState")]
public sealed class MessengerMessageState
{
    [Id(0)] public string QueueId { get; set; } = "";
    [Id(1)] public string TenantId { get; set; } = "";
    [Id(2)] public string Sender { get; set; } = "";
    [Id(3)] public string Recipient { get; set; } = "";
    [Id(4)] public DateTimeOffset ReceivedUtc { get; set; }
    [Id(5)] public DateTimeOffset ExpiresUtc { get; set; }
    [Id(6)] public byte[] ProtectedBody { get; set; } = [];
    [Id(7)] public byte[] ProtectedSubject { get; set; } = [];
    [Id(8)] public bool Notified { get; set; }
    [Id(9)] public DateTimeOffset? FirstReadUtc { get; set; }
    [Id(10)] public int Replies { get; set; }
}
