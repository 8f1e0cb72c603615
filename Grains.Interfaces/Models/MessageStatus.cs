namespace Smgw.Interfaces.Models;

/// <summary>What the queue view shows about one message.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessageStatus")]
public sealed record MessageStatus
{
    [Id(0)] public required string QueueId { get; init; }
    [Id(1)] public MessageEnvelope? Envelope { get; init; }
    [Id(2)] public IReadOnlyList<RecipientStatus> Recipients { get; init; } = [];
    [Id(3)] public bool Completed { get; init; }
    /// <summary>Queue ids of the delivery status notifications this message caused.</summary>
    [Id(4)] public IReadOnlyList<string> Notifications { get; init; } = [];
    /// <summary>The policy stage's last decision trace for this message, in words.</summary>
    [Id(5)] public IReadOnlyList<string> PolicyTrace { get; init; } = [];
}
