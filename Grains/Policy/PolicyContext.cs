using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>Everything one decision needs, read from the grains: the policy set, the tenant's trust anchors (PEM) and the stored keys per owner.</summary>
public sealed record PolicyContext(
    PolicyMessage Message,
    PolicySet Policies,
    IReadOnlyList<string> TrustAnchorsPem,
    IReadOnlyDictionary<string, IReadOnlyList<KeyMaterial>> Keys);
