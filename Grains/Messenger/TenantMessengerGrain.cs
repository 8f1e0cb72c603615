using Smgw.Interfaces;
using Smgw.Interfaces.Messenger;

namespace Smgw.Grains.Messenger;

/// <summary>A tenant's Messenger settings (CL-13, CL-14, verification, retention) and the index of its Messenger messages.</summary>
public sealed class TenantMessengerGrain(
    [PersistentState(StorageNames.TenantMessengerState, StorageNames.Grains)] IPersistentState<TenantMessengerState> state)
    : Grain, ITenantMessengerGrain
{
    private static readonly string[] Languages = ["de", "en"];

    public async Task<MessengerSettings> SetAsync(MessengerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RetentionDays is < 1 or > 3650)
        {
            throw new ArgumentException($"retentionDays must be between 1 and 3650, not {settings.RetentionDays}");
        }
        if (!Enum.IsDefined(settings.Verification))
        {
            throw new ArgumentException($"verification must be one of {string.Join(", ", Enum.GetNames<MessengerVerification>())}");
        }
        for (var i = 0; i < settings.Texts.Count; i++)
        {
            var text = settings.Texts[i];
            if (!Languages.Contains(text.Language.Trim().ToLowerInvariant()))
            {
                throw new ArgumentException($"texts[{i}].language must be \"de\" or \"en\", not \"{text.Language}\"");
            }
            if (text.Subject.Trim().Length == 0 || text.Subject.Contains('\n') || text.Subject.Contains('\r'))
            {
                throw new ArgumentException($"texts[{i}].subject must be one non-empty line");
            }
            if (!text.Body.Contains("{link}", StringComparison.Ordinal))
            {
                throw new ArgumentException($"texts[{i}].body must contain the placeholder {{link}}, or the recipient cannot reach the message");
            }
            if (text.Domain.Trim().Length == 0)
            {
                throw new ArgumentException($"texts[{i}].domain must be a tenant domain or \"*\"");
            }
        }
        var normalised = settings with
        {
            Texts = settings.Texts
                .Select(t => t with { Domain = t.Domain.Trim().ToLowerInvariant(), Language = t.Language.Trim().ToLowerInvariant(), Subject = t.Subject.Trim() })
                .ToList(),
        };
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(this.GetPrimaryKeyString()).GetAsync();
        if (tenant is not null && normalised.Texts.FirstOrDefault(t => t.Domain != "*" && !tenant.Domains.Contains(t.Domain, StringComparer.OrdinalIgnoreCase)) is { } foreign)
        {
            throw new ArgumentException($"texts: {foreign.Domain} is not a domain of tenant {tenant.Id} ({string.Join(", ", tenant.Domains)}); use one of them or \"*\"");
        }
        if (normalised.Texts.GroupBy(t => (t.Domain, t.Language)).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"texts: more than one text for domain {duplicate.Key.Domain}, language {duplicate.Key.Language}");
        }
        state.State.Settings = normalised;
        await state.WriteStateAsync();
        return normalised;
    }

    public Task<MessengerSettings> GetAsync() => Task.FromResult(state.State.Settings);

    public async Task AddMessageAsync(string messageId, string recipient)
    {
        if (state.State.Messages.TryAdd(messageId, recipient))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveMessageAsync(string messageId)
    {
        if (state.State.Messages.Remove(messageId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyDictionary<string, string>> MessagesAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(state.State.Messages));

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        state.State = new TenantMessengerState();
    }
}
