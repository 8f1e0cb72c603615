using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Mailboxes;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Onboarding;
using Smgw.Interfaces.Policy;
using Smgw.Interfaces.Tenants;

namespace Smgw.Silo.TenantData;

/// <summary>
/// Offboarding, export then delete: the tenant's data (configuration, checklist with audit trail,
/// contacts, mailboxes, groups, policies, documents' metadata, keys' public parts) is written to
/// one JSON export kept for the service owner; then the data is deleted (grain states, directory
/// entry and domains, keys), and both steps are added to the audit trail. Afterwards the tenant's
/// domains are no tenant's: mail for them is refused like mail for any other domain.
/// </summary>
public sealed class TenantOffboarding(IGrainFactory grains, TenantDataReader reader, TenantDirectory directory, TimeProvider time, ILogger<TenantOffboarding> logger)
{
    public const string Format = "smgw-tenant-export/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Exports, then deletes. Run again after a failure (<c>POST /api/tenants/{id}/offboarding/complete</c>),
    /// it keeps the first export (the data may be half deleted by then) and finishes the deletion.
    /// </summary>
    public async Task<TenantExport> ExportAndDeleteAsync(string tenantId, ApiPrincipal actor, CancellationToken cancellationToken = default)
    {
        var onboarding = grains.GetGrain<IOnboardingGrain>(tenantId);
        if ((await onboarding.GetStatusAsync()).Stage != OnboardingStage.Offboarded)
        {
            throw new InvalidOperationException($"Tenant {tenantId} is not offboarded; offboard it first (POST /api/tenants/{tenantId}/onboarding/offboard).");
        }
        var previous = await grains.GetGrain<ITenantExportGrain>(tenantId).GetAsync();
        var tenant = await grains.GetGrain<ITenantGrain>(tenantId).GetAsync();
        var records = await reader.RecordsAsync(tenantId);
        var policy = await grains.GetGrain<ITenantPolicyGrain>(tenantId).GetAsync();
        var mailboxes = await reader.MailboxesAsync(tenantId, tenant);
        var groups = await reader.GroupsAsync(tenantId, records, policy);
        var catalog = await grains.GetGrain<IPolicyCatalogGrain>(IPolicyCatalogGrain.DefaultKey).GetAsync();
        var referenced = new[] { policy.TenantPolicy }.Concat(policy.Addresses.Select(a => a.Policy)).Concat(groups.Select(g => g.Policy))
            .Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        var keyOwners = (tenant?.Domains ?? []).Concat(mailboxes.Select(m => m.Address)).Distinct(StringComparer.Ordinal).ToList();
        var keys = new List<KeyEntry>();
        foreach (var owner in keyOwners)
        {
            keys.AddRange(await grains.GetGrain<IKeyStoreGrain>(owner).ListAsync()); // public parts only
        }
        var tenantKeys = grains.GetGrain<ITenantKeyStoreGrain>(tenantId);
        keys.AddRange(await tenantKeys.ListAllAsync());
        var now = time.GetUtcNow();
        var document = new
        {
            format = Format,
            tenantId,
            exportedAt = now,
            exportedBy = actor.Name,
            config = tenant,
            onboarding = await onboarding.GetStatusAsync(),
            checklist = await onboarding.GetChecklistAsync(),
            contacts = records.Contacts,
            documents = records.Documents,
            mailboxes,
            mailboxActivity = await grains.GetGrain<ITenantMailboxesGrain>(tenantId).ListAsync(),
            mailboxDeletions = await grains.GetGrain<ITenantMailboxesGrain>(tenantId).GetDeletionsAsync(),
            groups,
            policy,
            policyDefinitions = catalog.Policies.Where(p => referenced.Contains(p.Name)).ToList(),
            trustAnchors = await grains.GetGrain<ITrustAnchorsGrain>(tenantId).GetAsync(),
            keys,
            // The Messenger: the tenant's settings and which recipients had messages waiting — never their contents.
            messenger = new
            {
                settings = await grains.GetGrain<ITenantMessengerGrain>(tenantId).GetAsync(),
                recipients = (await grains.GetGrain<ITenantMessengerGrain>(tenantId).MessagesAsync()).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            },
        };
        var export = previous ?? new TenantExport { TenantId = tenantId, CreatedAt = now, CreatedBy = actor.Name, Json = JsonSerializer.Serialize(document, Json) };
        if (previous is null)
        {
            await grains.GetGrain<ITenantExportGrain>(tenantId).SetAsync(export);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(export.Json)));
            await onboarding.AuditOffboardedAsync(actor, $"data exported ({Encoding.UTF8.GetByteCount(export.Json)} bytes, SHA-256 {hash}); GET /api/tenants/{tenantId}/export");
        }

        // Delete: the Messenger first (messages, accounts with nothing else in them: no reply path stays open),
        // then keys (private keys of the organisation certificates), then the records, then the directory entry.
        var (messages, accounts) = await EraseMessengerAsync(tenantId);
        await tenantKeys.ClearAsync(); // correspondents' keys the tenant imported for itself
        foreach (var owner in keyOwners)
        {
            var store = grains.GetGrain<IKeyStoreGrain>(owner);
            foreach (var kind in Enum.GetValues<KeyKind>())
            {
                await store.RemoveAsync(kind);
            }
        }
        foreach (var mailbox in mailboxes)
        {
            await grains.GetGrain<IMailboxGrain>(mailbox.Address).RemoveAsync();
        }
        foreach (var group in groups)
        {
            await grains.GetGrain<IPolicyGroupGrain>(group.Id).RemoveAsync();
        }
        foreach (var uploaded in records.Documents.Where(d => d.Link.Length == 0))
        {
            await grains.GetGrain<ITenantDocumentGrain>($"{tenantId}/{uploaded.Item}/{uploaded.Name}").ClearAsync();
        }
        await grains.GetGrain<ITenantPolicyGrain>(tenantId).ClearAsync();
        await grains.GetGrain<ITrustAnchorsGrain>(tenantId).SetAsync([]);
        await grains.GetGrain<ITenantProfileGrain>(tenantId).ClearAsync();
        await grains.GetGrain<ITenantMailboxesGrain>(tenantId).ClearAsync();
        await grains.GetGrain<ITenantGrain>(tenantId).RemoveAsync();
        await directory.RefreshAsync(cancellationToken);
        await onboarding.AuditOffboardedAsync(actor,
            $"data deleted: configuration and directory entry ({string.Join(", ", tenant?.Domains ?? [])} freed), {mailboxes.Count} mailbox(es), {groups.Count} group(s), " +
            $"policy settings, trust anchors, {keys.Count} key(s) of {keyOwners.Count} owner(s), contacts, {records.Documents.Count} document(s), " +
            $"{messages} Messenger message(s) and {accounts} Messenger account(s)");
        logger.LogInformation("Tenant {TenantId} offboarded by {Who}: exported and deleted", tenantId, actor.Name);
        return export;
    }

    /// <summary>
    /// Every Messenger message of the tenant, then every account left without a message of another
    /// tenant, then the tenant's Messenger settings. A message deposited while this runs is caught by
    /// the next round; the tenant's mail stops when its directory entry goes.
    /// </summary>
    private async Task<(int Messages, int Accounts)> EraseMessengerAsync(string tenantId)
    {
        var tenantMessenger = grains.GetGrain<ITenantMessengerGrain>(tenantId);
        var (messages, accounts) = (0, 0);
        var recipients = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 3; round++)
        {
            var index = await tenantMessenger.MessagesAsync();
            if (index.Count == 0)
            {
                break;
            }
            foreach (var (messageId, recipient) in index)
            {
                messages += await grains.GetGrain<IMessengerMessageGrain>(messageId).EraseAsync() ? 1 : 0;
                recipients.Add(recipient);
            }
            foreach (var recipient in recipients)
            {
                accounts += await grains.GetGrain<IMessengerAccountGrain>(recipient).ForgetTenantAsync(tenantId) ? 1 : 0;
            }
            recipients.Clear();
        }
        await tenantMessenger.ClearAsync();
        return (messages, accounts);
    }
}
