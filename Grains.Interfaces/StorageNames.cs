namespace Smgw.Interfaces;

/// <summary>Names of the storage providers and state entries; persisted data depends on them, so they never change.</summary>
public static class StorageNames
{
    public const string Grains = "smgw";
    public const string TenantState = "tenant";
    public const string TenantRegistryState = "tenant-registry";
    public const string MailboxState = "mailbox";
    public const string PolicyGroupState = "policy-group";
    public const string DomainState = "domain";
    public const string ApiKeyState = "api-key";
    public const string OnboardingState = "onboarding";
    public const string SlaState = "sla";
    public const string KeyStoreState = "key-store";
    public const string TenantKeyStoreState = "tenant-key-store";
    public const string TrustAnchorsState = "trust-anchors";
    public const string TenantPolicyState = "tenant-policy";
    public const string PolicyCatalogState = "policy-catalog";
    public const string TlsCertificateState = "tls-certificate";
    public const string TenantMailboxesState = "tenant-mailboxes";
    public const string TenantProfileState = "tenant-profile";
    public const string TenantDocumentState = "tenant-document";
    public const string TenantExportState = "tenant-export";
    public const string TenantMessengerState = "tenant-messenger";
    public const string MessengerMessageState = "messenger-message";
    public const string MessengerAccountState = "messenger-account";
}
