namespace Smgw.Silo.Publication;

/// <summary>The outcome of fetching one publication: whether it matches what the gateway holds, and why (naming the URL).</summary>
public sealed record PublicationFinding(bool Passed, string Detail);
