namespace Smgw.Grains.Policy;

/// <summary>
/// The encryption-policy stage of the message workflow: decides per recipient what is delivered.
/// Issue B replaces the pass-through with signing, encryption, decryption and verification.
/// </summary>
public interface IPolicyStage
{
    Task<IReadOnlyList<PolicyResult>> ApplyAsync(PolicyRequest request, CancellationToken cancellationToken);
}
