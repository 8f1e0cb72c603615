namespace Smgw.Interfaces.Messenger;

/// <summary>A line of a user's inbox.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerSummary")]
public sealed record MessengerSummary
{
    [Id(0)] public string MessageId { get; init; } = "";
    [Id(1)] public string Sender { get; init; } = "";
    [Id(2)] public string Subject { get; init; } = "";
    [Id(3)] public DateTimeOffset ReceivedUtc { get; init; }
    [Id(4)] public DateTimeOffset ExpiresUtc { get; init; }
    [Id(5)] public bool Read { get; init; }
}
