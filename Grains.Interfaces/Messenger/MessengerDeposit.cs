namespace Smgw.Interfaces.Messenger;

/// <summary>One message for one recipient handed to the Messenger by the message workflow.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerDeposit")]
public sealed record MessengerDeposit
{
    [Id(0)] public string QueueId { get; init; } = "";
    [Id(1)] public string TenantId { get; init; } = "";
    [Id(2)] public string Sender { get; init; } = "";
    [Id(3)] public string Recipient { get; init; } = "";
    /// <summary>The link token (only its hash is kept: it is the grain key).</summary>
    [Id(4)] public string Token { get; init; } = "";
    [Id(5)] public byte[] Body { get; init; } = [];
}
