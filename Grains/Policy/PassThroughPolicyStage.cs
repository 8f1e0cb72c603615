namespace Smgw.Grains.Policy;

/// <summary>Delivers the message unchanged to every recipient (the policy stage before issue B; for tests and benchmarks).</summary>
public sealed class PassThroughPolicyStage : IPolicyStage
{
    public Task<PolicyStageOutcome> ApplyAsync(PolicyRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new PolicyStageOutcome([new PolicyResult(request.Recipients, request.Body)], []));
}
