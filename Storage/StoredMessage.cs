namespace Smgw.Storage;

/// <summary>What the message store holds for a message besides its body: the envelope and its workflow state (JSON).</summary>
public sealed record StoredMessage(string QueueId, string? EnvelopeJson, string? WorkflowJson, bool Completed);
