namespace Smgw.Interfaces.Messenger;

/// <summary>A reply written in the Messenger; it enters the gateway as inbound mail to the original sender.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerReply")]
public sealed record MessengerReply
{
    [Id(0)] public string Text { get; init; } = "";
    [Id(1)] public IReadOnlyList<MessengerAttachment> Attachments { get; init; } = [];
}
