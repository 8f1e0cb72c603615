using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Tenants;

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
        var previous = state.State.Config?.TenantId;
        state.State.Config = config with
        {
            Address = address,
            Groups = config.Groups.Select(g => g.Trim()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        };
        await state.WriteStateAsync();
        // The tenant's index of its mailboxes (checklist CL-9, offboarding).
        if (previous is { Length: > 0 } && previous != config.TenantId)
        {
            await GrainFactory.GetGrain<ITenantProfileGrain>(previous).IndexMailboxAsync(address, present: false);
        }
        if (config.TenantId is { Length: > 0 })
        {
            await GrainFactory.GetGrain<ITenantProfileGrain>(config.TenantId).IndexMailboxAsync(address, present: true);
        }
        return state.State.Config;
    }

    public Task<MailboxConfig?> GetAsync() => Task.FromResult(state.State.Config);

    public async Task RemoveAsync()
    {
        if (state.State.Config?.TenantId is { Length: > 0 } tenant)
        {
            await GrainFactory.GetGrain<ITenantProfileGrain>(tenant).IndexMailboxAsync(this.GetPrimaryKeyString(), present: false);
        }
        await state.ClearStateAsync();
        state.State = new MailboxState();
    }
}
