using Smgw.Interfaces.Onboarding;

namespace Smgw.Grains.Onboarding;

[GenerateSerializer, Alias("smgw.OnboardingState")]
public sealed class OnboardingState
{
    [Id(0)] public OnboardingStage Stage { get; set; }
    [Id(1)] public List<AuditEntry> Audit { get; set; } = [];
    /// <summary>The items that changed from the catalogue's "open", by id.</summary>
    [Id(2)] public Dictionary<string, ChecklistItem> Checklist { get; set; } = new(StringComparer.Ordinal);
}
