using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Prometheus;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Tenants;
using Smgw.Storage;

namespace Smgw.Silo.Notices;

/// <summary>
/// Writes the gateway's own mails to a tenant's contacts (CL-15), one mail per language, and
/// queues them through <see cref="MessageIntake"/> like any accepted message: durable before this
/// returns, delivered by the normal path (a contact in a tenant domain via that tenant's server).
/// The queue id is derived from <c>key</c>, so queuing the same notice again is a no-op.
/// </summary>
public sealed class NoticeSender(
    IGrainFactory grains,
    MessageIntake intake,
    TenantDirectory directory,
    IOptions<NoticeOptions> options,
    TimeProvider time,
    ILogger<NoticeSender> logger)
{
    private static readonly Counter Sent = Metrics.CreateCounter(
        "smgw_notices_sent_total", "Mails the gateway queued to tenant contacts, by kind (reminder, maintenance).", "kind");

    public async Task<IReadOnlyList<NoticeSent>> SendAsync(string tenantId, Notice notice, string key, CancellationToken cancellationToken = default)
    {
        var contacts = (await grains.GetGrain<ITenantProfileGrain>(tenantId).GetAsync()).Contacts;
        var sent = new List<NoticeSent>();
        foreach (var group in contacts.Contacts
                     .GroupBy(c => c.Language.Length > 0 ? c.Language : contacts.Language)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var language = group.Key;
            var (subject, body) = notice.Text(language);
            var message = Build(tenantId, group.ToList(), language, subject, body, notice.Kind);
            using var buffer = new MemoryStream();
            await message.WriteToAsync(FormatOptions.Default, buffer, cancellationToken);
            var bytes = buffer.ToArray();

            // A contact in a tenant domain is that tenant's inbound mail; anyone else is the gateway's outbound mail.
            var recipients = group.Select(c => c.Email).ToList();
            var routes = new List<(MailDirection Direction, string Tenant, List<string> To)>();
            foreach (var address in recipients)
            {
                var owner = await directory.FindByDomainAsync(address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant(), cancellationToken);
                var route = owner is null ? (MailDirection.Outbound, "") : (MailDirection.Inbound, owner.Id);
                var existing = routes.FindIndex(r => r.Direction == route.Item1 && r.Tenant == route.Item2);
                if (existing < 0)
                {
                    routes.Add((route.Item1, route.Item2, [address]));
                }
                else
                {
                    routes[existing].To.Add(address);
                }
            }
            foreach (var (direction, tenant, to) in routes)
            {
                var queueId = QueueIdFor($"{key}|{tenantId}|{language}|{direction}|{tenant}");
                await intake.SubmitAsync(new MessageEnvelope
                {
                    QueueId = queueId,
                    Direction = direction,
                    TenantId = tenant,
                    Sender = options.Value.From,
                    Recipients = to,
                    ReceivedUtc = time.GetUtcNow(),
                    ClientAddress = "127.0.0.1",
                    Size = bytes.Length,
                    GeneratedBy = MessageOrigins.Notice,
                }, bytes, cancellationToken);
                sent.Add(new NoticeSent(tenantId, language, to, queueId));
                Sent.WithLabels(notice.Kind).Inc();
                logger.LogInformation("Queued {Kind} notice {QueueId} for tenant {TenantId} ({Language}) to {Recipients}", notice.Kind, queueId, tenantId, language, string.Join(", ", to));
            }
        }
        return sent;
    }

    private MimeMessage Build(string tenantId, IReadOnlyList<Contact> to, string language, string subject, string body, string kind)
    {
        var from = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(from.FromName, from.From));
        foreach (var contact in to)
        {
            message.To.Add(new MailboxAddress(contact.Name, contact.Email));
        }
        message.Subject = subject;
        message.Date = time.GetUtcNow();
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.From[(from.From.LastIndexOf('@') + 1)..]);
        message.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies to this
        message.Headers.Add("X-SMGW-Notice", $"{kind}; tenant={tenantId}");
        var text = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        text.SetText("utf-8", body);
        text.Headers.Add("Content-Language", language); // RFC 3282; a Content-* header belongs to the body entity in MimeKit
        message.Body = text;
        return message;
    }

    /// <summary>32 upper-case hex digits, like the queue ids of accepted mail, stable for the same key.</summary>
    public static string QueueIdFor(string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
}
