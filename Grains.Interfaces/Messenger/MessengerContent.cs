namespace Smgw.Interfaces.Messenger;

/// <summary>A stored message opened by its recipient: the decrypted MIME bytes and the facts around it.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerContent")]
public sealed record MessengerContent
{
    [Id(0)] public MessengerSummary Summary { get; init; } = new();
    [Id(1)] public byte[] Mime { get; init; } = [];
    [Id(2)] public int Replies { get; init; }
}
