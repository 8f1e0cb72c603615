namespace Smgw.Interfaces.Messenger;

/// <summary>A file attached to a reply.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerAttachment")]
public sealed record MessengerAttachment
{
    [Id(0)] public string FileName { get; init; } = "";
    [Id(1)] public string ContentType { get; init; } = "application/octet-stream";
    [Id(2)] public byte[] Content { get; init; } = [];
}
