using Smgw.Interfaces;
using Smgw.Interfaces.Mailboxes;
using Smgw.Interfaces.Models;

namespace Smgw.Grains.Mailboxes;

public sealed class MailboxGrain(
    [PersistentState(StorageNames.MailboxState, StorageNames.Grains)] IPersistentState<MailboxState> state)
    : Grain, IMailboxGrain
{
    public async Task<MailboxConfig> ConfigureAsync(MailboxConfig config)
    {
        var address = this.GetPrimaryKeyString();
        if (!string.Equals(address, config.Address.Trim().ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"address '{config.Address}' does not match the mailbox key '{address}'.");
        }
        var previousTenant = state.State.Config?.TenantId;
        state.State.Config = config with
        {
            Address = address,
            Groups = config.Groups.Select(g => g.Trim()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        };
        await state.WriteStateAsync();
        // The tenant's mailbox index (CL-9, CL-10, checklist tables, offboarding).
        if (previousTenant is { Length: > 0 } && previousTenant != config.TenantId)
        {
            await GrainFactory.GetGrain<ITenantMailboxesGrain>(previousTenant).UnregisterAsync(address);
        }
        if (config.TenantId is { Length: > 0 })
        {
            await GrainFactory.GetGrain<ITenantMailboxesGrain>(config.TenantId).RegisterAsync(address);
        }
        return state.State.Config;
    }

    public Task<MailboxConfig?> GetAsync() => Task.FromResult(state.State.Config);

    public async Task RemoveAsync()
    {
        if (state.State.Config?.TenantId is { Length: > 0 } tenant)
        {
            await GrainFactory.GetGrain<ITenantMailboxesGrain>(tenant).UnregisterAsync(this.GetPrimaryKeyString());
        }
        await state.ClearStateAsync();
        state.State = new MailboxState();
    }
}
