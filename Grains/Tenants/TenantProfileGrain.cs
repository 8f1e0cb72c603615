using Smgw.Interfaces;
using Smgw.Interfaces.Tenants;

namespace Smgw.Grains.Tenants;

public sealed class TenantProfileGrain(
    [PersistentState(StorageNames.TenantProfileState, StorageNames.Grains)] IPersistentState<TenantProfileState> state,
    TimeProvider time)
    : Grain, ITenantProfileGrain
{
    private string TenantId => this.GetPrimaryKeyString();

    public Task<TenantRecords> GetAsync() => Task.FromResult(new TenantRecords
    {
        Contacts = state.State.Contacts ?? new TenantContacts { TenantId = TenantId },
        Documents = state.State.Documents.OrderBy(d => d.Item, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).ToList(),
        Groups = state.State.Groups.Order(StringComparer.Ordinal).ToList(),
    });

    public async Task<TenantContacts> SetContactsAsync(TenantContacts contacts)
    {
        state.State.Contacts = ContactsValidator.Normalize(TenantId, contacts);
        await state.WriteStateAsync();
        return state.State.Contacts;
    }

    public async Task<TenantDocument> PutDocumentAsync(TenantDocument document)
    {
        state.State.Documents.RemoveAll(d => d.Item == document.Item && d.Name == document.Name);
        state.State.Documents.Add(document);
        await state.WriteStateAsync();
        return document;
    }

    public async Task<bool> RemoveDocumentAsync(string item, string name)
    {
        if (state.State.Documents.RemoveAll(d => d.Item == item && d.Name == name) == 0)
        {
            return false;
        }
        await state.WriteStateAsync();
        return true;
    }

    public Task IndexGroupAsync(string name, bool present) => IndexAsync(state.State.Groups, name, present);

    public async Task<IReadOnlyList<string>> ClaimRemindersAsync(IReadOnlyList<string> keys, TimeSpan period)
    {
        var now = time.GetUtcNow();
        var claimed = keys.Distinct(StringComparer.Ordinal)
            .Where(k => !state.State.RemindersSent.TryGetValue(k, out var sent) || now - sent >= period)
            .ToList();
        // Forget items no longer reminded of once their period is over (they would be mailable again anyway).
        var stale = state.State.RemindersSent.Where(e => now - e.Value >= period && !keys.Contains(e.Key, StringComparer.Ordinal)).Select(e => e.Key).ToList();
        stale.ForEach(k => state.State.RemindersSent.Remove(k));
        if (claimed.Count > 0 || stale.Count > 0)
        {
            foreach (var key in claimed)
            {
                state.State.RemindersSent[key] = now;
            }
            await state.WriteStateAsync();
        }
        return claimed;
    }

    public async Task ReleaseRemindersAsync(IReadOnlyList<string> keys)
    {
        var removed = keys.Count(k => state.State.RemindersSent.Remove(k));
        if (removed > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        state.State = new TenantProfileState();
    }

    private async Task IndexAsync(List<string> index, string value, bool present)
    {
        var changed = present
            ? !index.Contains(value, StringComparer.Ordinal) && Add(index, value)
            : index.Remove(value);
        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    private static bool Add(List<string> index, string value)
    {
        index.Add(value);
        return true;
    }
}
