using Smgw.Interfaces;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Policy;
using Smgw.Interfaces.Tenants;
using Smgw.Silo.TenantData;

namespace Smgw.Silo.Tenants;

public sealed record ApplyResult(int Tenants, int Mailboxes, int Groups, int Policies = 0, int Contacts = 0, int Documents = 0);

/// <summary>Applies a <see cref="TenantFile"/> through the grains, then refreshes this process's tenant directory.</summary>
public sealed class TenantFileApplier(IGrainFactory grains, TenantDirectory directory, TimeProvider time)
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
        for (var i = 0; i < file.Policies.Count; i++)
        {
            var entry = file.Policies[i];
            await RequireTenantAsync(entry.TenantId, $"policies[{i}].tenantId");
            await grains.GetGrain<ITenantPolicyGrain>(entry.TenantId).SetAsync(new TenantPolicyConfig
            {
                TenantPolicy = entry.TenantPolicy ?? "",
                Groups = (entry.Groups ?? []).ToList(),
                Addresses = (entry.Addresses ?? []).ToList(),
                Aliases = (entry.Aliases ?? []).ToList(),
            });
        }
        for (var i = 0; i < file.Contacts.Count; i++)
        {
            var entry = file.Contacts[i];
            await RequireTenantAsync(entry.TenantId, $"contacts[{i}].tenantId");
            await grains.GetGrain<ITenantProfileGrain>(entry.TenantId).SetContactsAsync(entry);
        }
        for (var i = 0; i < file.Documents.Count; i++)
        {
            var entry = file.Documents[i];
            await RequireTenantAsync(entry.TenantId, $"documents[{i}].tenantId");
            var item = DocumentRules.Item(entry.Item);
            DocumentRules.CheckName(entry.Name);
            var link = DocumentRules.CheckLink(entry.Link);
            var profile = grains.GetGrain<ITenantProfileGrain>(entry.TenantId);
            var existing = (await profile.GetAsync()).Documents.FirstOrDefault(d => d.Item == item && d.Name == entry.Name);
            if (existing?.Link != link)
            {
                await profile.PutDocumentAsync(new TenantDocument { Item = item, Name = entry.Name, Link = link, UploadedBy = "apply", UploadedAt = time.GetUtcNow() });
                await grains.GetGrain<ITenantDocumentGrain>($"{entry.TenantId}/{item}/{entry.Name}").ClearAsync();
            }
        }
        await directory.RefreshAsync(cancellationToken);
        return new ApplyResult(file.Tenants.Count, file.Mailboxes.Count, file.Groups.Count, file.Policies.Count, file.Contacts.Count, file.Documents.Count);
    }

    private async Task RequireTenantAsync(string? tenantId, string field)
    {
        if (string.IsNullOrWhiteSpace(tenantId) || await grains.GetGrain<ITenantGrain>(tenantId).GetAsync() is null)
        {
            throw new ArgumentException($"{field}: '{tenantId}' is not a tenant (declare it under tenants).");
        }
    }
}
