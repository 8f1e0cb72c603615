namespace Smgw.Interfaces.Onboarding;

[GenerateSerializer, Alias("smgw.ChecklistItemState")]
public enum ChecklistItemState
{
    Open = 0,
    InProgress = 1,
    Done = 2,
    /// <summary>The technical check found it not met; the note says why.</summary>
    Failed = 3,
    /// <summary>Only for items the seed asks "if yes" about (e.g. no policy deviations wanted).</summary>
    NotApplicable = 4,
}
