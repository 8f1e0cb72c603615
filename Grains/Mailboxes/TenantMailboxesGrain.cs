using Smgw.Interfaces;
using Smgw.Interfaces.Mailboxes;

namespace Smgw.Grains.Mailboxes;

/// <summary>A tenant's mailbox index with last traffic, and the audit of deletions.</summary>
public sealed class TenantMailboxesGrain(
    [PersistentState(StorageNames.TenantMailboxesState, StorageNames.Grains)] IPersistentState<TenantMailboxesState> state,
    TimeProvider time)
    : Grain, ITenantMailboxesGrain
{
    public async Task RegisterAsync(string address)
    {
        address = address.Trim().ToLowerInvariant();
        if (state.State.Mailboxes.ContainsKey(address))
        {
            return;
        }
        state.State.Mailboxes[address] = new MailboxActivity { Address = address, RegisteredUtc = time.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public async Task UnregisterAsync(string address)
    {
        if (state.State.Mailboxes.Remove(address.Trim().ToLowerInvariant()))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RecordTrafficAsync(IReadOnlyDictionary<string, DateTimeOffset> lastSeen)
    {
        var changed = false;
        foreach (var (raw, seen) in lastSeen)
        {
            var address = raw.Trim().ToLowerInvariant();
            if (state.State.Mailboxes.TryGetValue(address, out var activity) && !(activity.LastTrafficUtc >= seen))
            {
                state.State.Mailboxes[address] = activity with { LastTrafficUtc = seen };
                changed = true;
            }
        }
        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<MailboxActivity>> ListAsync() =>
        Task.FromResult<IReadOnlyList<MailboxActivity>>(state.State.Mailboxes.Values.OrderBy(m => m.Address, StringComparer.Ordinal).ToList());

    public async Task<MailboxDeletion> RecordDeletionAsync(string address, string deletedBy, string reason)
    {
        address = address.Trim().ToLowerInvariant();
        state.State.Mailboxes.Remove(address, out var activity);
        var deletion = new MailboxDeletion
        {
            Address = address,
            DeletedUtc = time.GetUtcNow(),
            DeletedBy = deletedBy,
            Reason = reason,
            LastTrafficUtc = activity?.LastTrafficUtc,
        };
        state.State.Deletions.Add(deletion);
        await state.WriteStateAsync();
        return deletion;
    }

    public Task<IReadOnlyList<MailboxDeletion>> GetDeletionsAsync() =>
        Task.FromResult<IReadOnlyList<MailboxDeletion>>(state.State.Deletions.ToList());

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        state.State = new TenantMailboxesState();
    }
}
