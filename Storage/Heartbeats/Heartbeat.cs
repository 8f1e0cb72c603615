namespace Smgw.Storage.Heartbeats;

/// <summary>One gateway process as its heartbeat row records it: it ran from <see cref="Started"/> to at least <see cref="Last"/>.</summary>
public sealed record Heartbeat(string Instance, IReadOnlyList<string> Roles, string Host, DateTimeOffset Started, DateTimeOffset Last, bool Stopped)
{
    public const string SiloRole = "silo";
    public const string FrontendRole = "frontend";
}
