using Smgw.Grains.Onboarding;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Onboarding;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>The seed's onboarding flow chart as the rule table encodes it.</summary>
public sealed class OnboardingRulesTests
{
    [Fact]
    public void Every_action_has_exactly_one_rule() =>
        Assert.Equal(Enum.GetValues<OnboardingAction>().Order(), OnboardingRules.All.Select(r => r.Action).Order());

    [Fact]
    public void The_happy_path_walks_ON_1_to_ON_6_with_the_seeds_owners()
    {
        (OnboardingAction Action, ApiRole Owner, OnboardingStage To)[] path =
        [
            (OnboardingAction.Register, ApiRole.TenantAdmin, OnboardingStage.Registered),
            (OnboardingAction.InitialiseProject, ApiRole.ServiceOwner, OnboardingStage.ProjectInitialised),
            (OnboardingAction.StartChecklist, ApiRole.TenantAdmin, OnboardingStage.ChecklistInProgress),
            (OnboardingAction.SubmitForCheck, ApiRole.TenantAdmin, OnboardingStage.TechnicalCheck),
            (OnboardingAction.Release, ApiRole.ServiceOwner, OnboardingStage.Released),
            (OnboardingAction.Activate, ApiRole.Operations, OnboardingStage.Active),
        ];
        var stage = OnboardingStage.None;
        foreach (var (action, owner, to) in path)
        {
            var option = Assert.Single(OnboardingRules.From(stage), o => o.Action == action);
            Assert.Contains(owner, option.Roles);
            Assert.Equal(to, option.To);
            stage = to;
        }
    }

    [Fact]
    public void A_failed_check_goes_back_to_the_checklist_and_only_the_service_owner_decides_it()
    {
        var fail = OnboardingRules.For(OnboardingAction.FailCheck);
        Assert.Equal([OnboardingStage.TechnicalCheck], fail.From);
        Assert.Equal(OnboardingStage.ChecklistInProgress, fail.To);
        Assert.Equal([ApiRole.ServiceOwner], fail.Roles);
    }

    [Fact]
    public void Offboarding_is_possible_from_every_stage_but_nothing_follows_it()
    {
        foreach (var stage in Enum.GetValues<OnboardingStage>().Where(s => s != OnboardingStage.Offboarded))
        {
            Assert.Contains(OnboardingRules.From(stage), o => o.Action == OnboardingAction.Offboard);
        }
        Assert.Empty(OnboardingRules.From(OnboardingStage.Offboarded));
    }

    [Fact]
    public void Tenant_admins_only_act_on_their_own_tenant()
    {
        var admin = new ApiPrincipal { Name = "a", Role = ApiRole.TenantAdmin, TenantId = "alpha" };
        Assert.True(admin.MayAccessTenant("alpha"));
        Assert.False(admin.MayAccessTenant("beta"));
        Assert.False(admin.MayAccessTenant("Alpha"));
        Assert.True(new ApiPrincipal { Role = ApiRole.Operations }.MayAccessTenant("beta"));
    }
}
