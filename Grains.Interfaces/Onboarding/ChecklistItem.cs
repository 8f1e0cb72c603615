using Smgw.Interfaces.Access;

namespace Smgw.Interfaces.Onboarding;

/// <summary>One item of the seed's checklist (CL-1 … CL-18): who owns it, where it stands, the evidence.</summary>
[GenerateSerializer, Immutable, Alias("smgw.ChecklistItem")]
public sealed record ChecklistItem
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public string Title { get; init; } = "";
    [Id(2)] public ApiRole Owner { get; init; }
    /// <summary>May be marked not applicable (the seed's "if yes" items).</summary>
    [Id(3)] public bool Optional { get; init; }
    [Id(4)] public ChecklistItemState State { get; init; }
    /// <summary>A document, a link, a record id: what shows the item is met.</summary>
    [Id(5)] public string Evidence { get; init; } = "";
    [Id(6)] public string Note { get; init; } = "";
    [Id(7)] public string UpdatedBy { get; init; } = "";
    [Id(8)] public DateTimeOffset? UpdatedAt { get; init; }

    public bool Satisfied => State is ChecklistItemState.Done or ChecklistItemState.NotApplicable;
}
