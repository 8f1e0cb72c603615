namespace Smgw.Interfaces.Onboarding;

/// <summary>A change to a checklist item, as an owner sends it.</summary>
[GenerateSerializer, Immutable, Alias("smgw.ChecklistUpdate")]
public sealed record ChecklistUpdate
{
    [Id(0)] public ChecklistItemState State { get; init; }
    [Id(1)] public string Evidence { get; init; } = "";
    [Id(2)] public string Note { get; init; } = "";
}
