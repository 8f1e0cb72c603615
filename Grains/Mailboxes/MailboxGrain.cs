using Smgw.Interfaces;
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
        state.State.Config = config with { Address = address };
        await state.WriteStateAsync();
        return state.State.Config;
    }

    public Task<MailboxConfig?> GetAsync() => Task.FromResult(state.State.Config);
}
