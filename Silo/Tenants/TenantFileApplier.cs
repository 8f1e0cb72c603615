using Smgw.Interfaces;
using Smgw.Interfaces.Directory;

namespace Smgw.Silo.Tenants;

public sealed record ApplyResult(int Tenants, int Mailboxes, int Groups);

/// <summary>Applies a <see cref="TenantFile"/> through the grains, then refreshes this process's tenant directory.</summary>
public sealed class TenantFileApplier(IGrainFactory grains, TenantDirectory directory)
{
    public async Task<ApplyResult> ApplyAsync(TenantFile file, CancellationToken cancellationToken)
    {
        foreach (var tenant in file.Tenants)
        {
            await grains.GetGrain<ITenantGrain>(tenant.Id).ConfigureAsync(tenant);
        }
        foreach (var mailbox in file.Mailboxes)
        {
            await grains.GetGrain<IMailboxGrain>(mailbox.Address.Trim().ToLowerInvariant()).ConfigureAsync(mailbox);
        }
        foreach (var group in file.Groups)
        {
            await grains.GetGrain<IPolicyGroupGrain>(group.Id).ConfigureAsync(group);
        }
        await directory.RefreshAsync(cancellationToken);
        return new ApplyResult(file.Tenants.Count, file.Mailboxes.Count, file.Groups.Count);
    }
}
