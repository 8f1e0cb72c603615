namespace Smgw.Interfaces.Messenger;

/// <summary>
/// A tenant's notification text for one of its domains (CL-14) in one language ("de" or "en").
/// Placeholders: <c>{link}</c>, <c>{sender}</c>, <c>{expires}</c> (date). The text never contains message content.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.MessengerText")]
public sealed record MessengerText
{
    /// <summary>The tenant domain (of the sender) this text is for; "*" for all of the tenant's domains.</summary>
    [Id(0)] public string Domain { get; init; } = "*";
    [Id(1)] public string Language { get; init; } = "de";
    [Id(2)] public string Subject { get; init; } = "";
    [Id(3)] public string Body { get; init; } = "";
}
