namespace Smgw.Interfaces.Messenger;

/// <summary>A tenant's Messenger settings: CL-13 (password deposit), CL-14 (notification texts), verification and retention.</summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerSettings")]
public sealed record MessengerSettings
{
    /// <summary>CL-13: may the tenant's administrators deposit or reset a Messenger user's password? Off unless the tenant decided so.</summary>
    [Id(0)] public bool AllowPasswordDeposit { get; init; }
    [Id(1)] public MessengerVerification Verification { get; init; } = MessengerVerification.CodeByMail;
    /// <summary>Days a message stays in the Messenger; then it is deleted.</summary>
    [Id(2)] public int RetentionDays { get; init; } = 30;
    /// <summary>CL-14: notification texts per tenant domain and language; missing ones fall back to "*" and then to the built-in text.</summary>
    [Id(3)] public IReadOnlyList<MessengerText> Texts { get; init; } = [];
}
