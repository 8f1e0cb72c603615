namespace Smgw.Interfaces;

/// <summary>
/// Which tenant owns a mail domain; key: the domain in lower case. The authoritative answer
/// behind the in-process <see cref="Directory.TenantDirectory"/> copies, and the guard that no
/// domain belongs to two tenants.
/// </summary>
[Alias("smgw.IDomainGrain")]
public interface IDomainGrain : IGrainWithStringKey
{
    /// <summary>Makes <paramref name="tenantId"/> the owner; refused (ArgumentException) when another tenant owns it.</summary>
    [Alias("Claim")] Task ClaimAsync(string tenantId);

    /// <summary>Gives the domain up if <paramref name="tenantId"/> owns it.</summary>
    [Alias("Release")] Task ReleaseAsync(string tenantId);

    [Alias("Owner"), Orleans.Concurrency.ReadOnly] Task<string?> GetOwnerAsync();
}
