namespace Smgw.Grains.Messenger;

/// <summary>A Messenger user. Only hashes of the password and of the pending code are kept.</summary>
[GenerateSerializer, Alias("smgw.MessengerAccountState")]
public sealed class MessengerAccountState
{
    [Id(0)] public string? PasswordHash { get; set; }
    /// <summary>Message id → tenant id.</summary>
    [Id(1)] public Dictionary<string, string> Messages { get; set; } = [];
    [Id(2)] public string? CodeHash { get; set; }
    [Id(3)] public DateTimeOffset? CodeExpiresUtc { get; set; }
    [Id(4)] public DateTimeOffset? CodeSentUtc { get; set; }
    [Id(5)] public int FailedAttempts { get; set; }
    [Id(6)] public DateTimeOffset? LockedUntilUtc { get; set; }
    /// <summary>Administrator password deposits (CL-13): when, who, for which tenant.</summary>
    [Id(7)] public List<string> Audit { get; set; } = [];
}
