namespace Smgw.Grains.Delivery;

/// <summary>What one delivery attempt did for one recipient.</summary>
public sealed record RecipientOutcome(string Recipient, OutcomeKind Kind, string Status, string Response, string? RemoteMta);
