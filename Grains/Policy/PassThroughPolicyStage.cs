namespace Smgw.Grains.Policy;

/// <summary>Delivers the message unchanged to every recipient (the policy stage before issue B).</summary>
public sealed class PassThroughPolicyStage : IPolicyStage
{
    public Task<IReadOnlyList<PolicyResult>> ApplyAsync(PolicyRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PolicyResult>>([new PolicyResult(request.Recipients, request.Body)]);
}
