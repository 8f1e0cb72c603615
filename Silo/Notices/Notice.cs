namespace Smgw.Silo.Notices;

/// <summary>A mail the gateway writes: subject and plain-text body per language ("de", "en").</summary>
public sealed record Notice(string Kind, Func<string, (string Subject, string Body)> Text);

/// <summary>What was queued for one tenant: to whom, in which language, under which queue id.</summary>
public sealed record NoticeSent(string TenantId, string Language, IReadOnlyList<string> Recipients, string QueueId);
