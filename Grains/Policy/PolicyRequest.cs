using Smgw.Interfaces.Models;

namespace Smgw.Grains.Policy;

/// <summary>One message and the recipients due now.</summary>
public sealed record PolicyRequest(MessageEnvelope Envelope, IReadOnlyList<string> Recipients, ReadOnlyMemory<byte> Body);
