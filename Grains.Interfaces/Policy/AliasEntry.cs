namespace Smgw.Interfaces.Policy;

/// <summary>
/// An alias or forward the gateway knows of: mail to <see cref="Address"/> goes to
/// <see cref="Targets"/>. The engine expands aliases before it decides, and the policy of every
/// address on the way still applies to the targets (see docs/POLICY.md, "Aliases").
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.AliasEntry")]
public sealed record AliasEntry
{
    [Id(0)] public string Address { get; init; } = "";
    [Id(1)] public IReadOnlyList<string> Targets { get; init; } = [];
}
