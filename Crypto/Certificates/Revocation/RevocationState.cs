namespace Smgw.Crypto.Certificates.Revocation;

/// <summary>What is known about one certificate's revocation.</summary>
public enum RevocationState
{
    /// <summary>A verified CRL or OCSP answer says it is not revoked.</summary>
    Good = 0,

    /// <summary>A verified CRL or OCSP answer says it is revoked.</summary>
    Revoked = 1,

    /// <summary>It names a CRL or responder, but no verified answer could be had.</summary>
    Unknown = 2,

    /// <summary>It names neither a CRL nor an OCSP responder (typical for roots and some trust centers' end entities), or checking is off.</summary>
    NotChecked = 3,
}

/// <summary>The revocation status of one certificate, where it came from and since when it is known.</summary>
/// <param name="State">Good, revoked, unknown or not checked.</param>
/// <param name="Source">"OCSP http://…", "CRL http://…", or "" when not checked.</param>
/// <param name="Detail">A sentence a person can act on (why unknown, when revoked and for what reason).</param>
/// <param name="RevokedAt">When it was revoked, for <see cref="RevocationState.Revoked"/>.</param>
public sealed record RevocationStatus(RevocationState State, string Source, string Detail, DateTimeOffset? RevokedAt = null)
{
    public override string ToString() => Source.Length == 0 ? $"{State}: {Detail}" : $"{State} ({Source}): {Detail}";
}
