namespace Smgw.Grains.Policy;

/// <summary>
/// The encryption-policy stage of the message workflow: decides per recipient what is delivered
/// (signed, encrypted, refused, deferred) and produces the bodies.
/// </summary>
public interface IPolicyStage
{
    Task<PolicyStageOutcome> ApplyAsync(PolicyRequest request, CancellationToken cancellationToken);
}
