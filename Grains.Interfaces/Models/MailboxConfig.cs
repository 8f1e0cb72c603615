namespace Smgw.Interfaces.Models;

/// <summary>One e-mail address known to the gateway (seed tables 5, 6).</summary>
[GenerateSerializer, Immutable, Alias("smgw.MailboxConfig")]
public sealed record MailboxConfig
{
    [Id(0)] public string Address { get; init; } = "";
    [Id(1)] public string TenantId { get; init; } = "";
    [Id(2)] public string DisplayName { get; init; } = "";
    /// <summary>Seed table 6: a personal certificate exists and is held on the gateway.</summary>
    [Id(3)] public bool HasPersonalCertificate { get; init; }
    [Id(4)] public IReadOnlyList<string> Groups { get; init; } = [];
}
