namespace Smgw.Interfaces.Messenger;

/// <summary>What a visitor holding a notification link may learn before logging in: whom the link is for and how to register.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerLink")]
public sealed record MessengerLink
{
    [Id(0)] public string MessageId { get; init; } = "";
    [Id(1)] public string Recipient { get; init; } = "";
    [Id(2)] public MessengerVerification Verification { get; init; }
    [Id(3)] public bool HasPassword { get; init; }
}
