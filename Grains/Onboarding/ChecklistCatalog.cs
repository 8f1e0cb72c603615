using Smgw.Interfaces.Access;
using Smgw.Interfaces.Onboarding;

namespace Smgw.Grains.Onboarding;

/// <summary>
/// The seed's checklist for connecting a tenant (Checkliste Mandanten-Anschluss), with the owner
/// of each item. Items the seed asks "if yes" about are optional: "not applicable" satisfies them.
/// </summary>
public static class ChecklistCatalog
{
    public static readonly IReadOnlyList<ChecklistItem> Items =
    [
        Item("CL-1", "Prerequisites checked", ApiRole.ServiceOwner),
        Item("CL-2", "Mail transport inside SVN/KDN secured (IPsec or STARTTLS)", ApiRole.TenantAdmin),
        Item("CL-3", "Anti-spoofing guaranteed", ApiRole.TenantAdmin),
        Item("CL-4", "Trust center chosen for the organisation certificate", ApiRole.TenantAdmin),
        Item("CL-5", "Organisation certificate procured", ApiRole.TenantAdmin),
        Item("CL-6", "Trust center chosen for the TLS server certificate", ApiRole.TenantAdmin),
        Item("CL-7", "TLS server certificate procured", ApiRole.TenantAdmin),
        Item("CL-8", "Deviations from the standard inbound/outbound rules defined (tables 2-4)", ApiRole.TenantAdmin, optional: true),
        Item("CL-9", "Decided whether all users of the domain go through the gateway; if not, addresses listed (tables 5, 6)", ApiRole.TenantAdmin),
        Item("CL-10", "All passive mailboxes of the domain deleted", ApiRole.TenantAdmin),
        Item("CL-11", "Special internal/external groups with their own policy defined (tables 7, 8)", ApiRole.TenantAdmin, optional: true),
        Item("CL-12", "Special internal/external single addresses with their own policy defined", ApiRole.TenantAdmin, optional: true),
        Item("CL-13", "Decided whether administrators may deposit/reset Messenger passwords", ApiRole.TenantAdmin),
        Item("CL-14", "Domain-specific Messenger notification texts (table 10)", ApiRole.TenantAdmin, optional: true),
        Item("CL-15", "Contact persons for the gateway administrators (table 11)", ApiRole.TenantAdmin),
        Item("CL-16", "Support tasks agreed with the tenant's help desk", ApiRole.TenantAdmin),
        Item("CL-17", "Information material for the tenant's users", ApiRole.TenantAdmin, optional: true),
        Item("CL-18", "Organisation certificate / OpenPGP domain key published", ApiRole.Operations),
    ];

    public static ChecklistItem? Find(string id) =>
        Items.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

    private static ChecklistItem Item(string id, string title, ApiRole owner, bool optional = false) =>
        new() { Id = id, Title = title, Owner = owner, Optional = optional, State = ChecklistItemState.Open };
}
