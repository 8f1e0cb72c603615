namespace Smgw.Interfaces.Policy;

/// <summary>The key directory's answer for one purpose and owner: usable or not, and why.</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.KeyStatus")]
public sealed record KeyStatus
{
    [Id(0)] public KeyPurpose Purpose { get; init; }
    /// <summary>The address or domain the key belongs to.</summary>
    [Id(1)] public string Owner { get; init; } = "";
    [Id(2)] public KeyState State { get; init; } = KeyState.Missing;
    /// <summary>Certificate serial/thumbprint or OpenPGP fingerprint; empty when missing.</summary>
    [Id(3)] public string KeyId { get; init; } = "";
    /// <summary>Why not usable, in words, e.g. "expired 2025-01-01" or "revoked (CRL of Test CA)"; for a usable key a caveat such as an unknown revocation status.</summary>
    [Id(4)] public string Detail { get; init; } = "";

    public bool Usable => State == KeyState.Usable;

    public static KeyStatus Missing(KeyPurpose purpose, string owner) => new() { Purpose = purpose, Owner = owner, State = KeyState.Missing };
}
