namespace Smgw.Interfaces.Policy;

/// <summary>Where one field of an effective policy came from.</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.FieldOrigin")]
public sealed record FieldOrigin
{
    /// <summary>"sign", "encryption", "methods", "onMissingKey"; "decryptWith", "verify", "stampHeaders", "subjectTag", "harvestKeys", "onUnreadable", "acceptWeakDigests".</summary>
    [Id(0)] public string Field { get; init; } = "";
    /// <summary>The value, as text.</summary>
    [Id(1)] public string Value { get; init; } = "";
    [Id(2)] public PolicyLevel Level { get; init; }
    /// <summary>What matched at that level: the tenant id, the group id, or the address.</summary>
    [Id(3)] public string Scope { get; init; } = "";
    [Id(4)] public string Policy { get; init; } = "";
    [Id(5)] public int Version { get; init; }
    /// <summary>When the field comes from an address the recipient was reached through (alias), that address.</summary>
    [Id(6)] public string Via { get; init; } = "";
}
