using Smgw.Interfaces.Models;

namespace Smgw.Grains.Messages;

/// <summary>The workflow state of one message, stored as JSON in its message-store row (<see cref="Storage.StoreJson"/>).</summary>
[GenerateSerializer, Alias("smgw.MessageState")]
public sealed class MessageState
{
    [Id(0)] public MessageEnvelope? Envelope { get; set; }
    [Id(1)] public List<RecipientStatus> Recipients { get; set; } = [];
    /// <summary>Queue ids of the DSNs this message caused.</summary>
    [Id(2)] public List<string> Notifications { get; set; } = [];
    /// <summary>Recipients already reported in a DSN (each is reported once).</summary>
    [Id(3)] public List<string> Notified { get; set; } = [];
    [Id(4)] public bool Completed { get; set; }
    /// <summary>The policy stage's last decision trace, in words (docs/POLICY.md, "The trace").</summary>
    [Id(5)] public List<string> PolicyTrace { get; set; } = [];
    /// <summary>Unexpected failures of the workflow in a row (reset by a step that completes, or by a release).</summary>
    [Id(6)] public int Failures { get; set; }
}
