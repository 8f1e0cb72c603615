namespace Smgw.Silo.Reminders;

/// <summary>Something waiting on someone: a certificate about to expire, a checklist item not met.</summary>
public sealed record Reminder(string Kind, string TenantId, string Subject, string Detail, string Owner, DateTimeOffset? Due);
