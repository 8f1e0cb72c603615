using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Smgw.Interfaces.Models;
using Smgw.SmtpFrontend.Protocol;
using Smgw.Storage;
using SmtpServer;
using SmtpServer.Protocol;

namespace Smgw.SmtpFrontend.Storage;

/// <summary>
/// The end of DATA: adds the Received header, commits body and envelope through
/// <see cref="MessageIntake"/>, and answers 250 only after that returned. Any failure is 451:
/// the client keeps the message and tries again; nothing accepted is lost.
/// </summary>
public sealed class GatewayMessageStore(
    ListenerKind kind, MessageIntake intake, Smgw.Interfaces.Directory.TenantDirectory directory, SmtpOptions options, TimeProvider time, ILogger logger) : SmtpServer.Storage.IMessageStore
{
    public async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var facts = SessionFacts.Of(context);
        if (buffer.Length > options.MaxMessageSize)
        {
            return Count(Replies.TooBig(options.MaxMessageSize));
        }

        if (BareLineEnd(buffer))
        {
            return Count(Replies.BareLineEnd);
        }

        var queueId = MessageIntake.NewQueueId();
        var now = time.GetUtcNow();
        var tenant = kind == ListenerKind.Tenant ? facts.RelayTenant : facts.RecipientTenant;
        var direction = kind == ListenerKind.Tenant ? MailDirection.Outbound : MailDirection.Inbound;
        var received = ReceivedHeader(context, facts, queueId, now);
        // SmtpServer hands over the data without the CRLF that ends its last line (it takes it for
        // the first half of the "CRLF . CRLF" terminator): it belongs to the message (RFC 5321 §4.1.1.4).
        var lineEnd = buffer.Length > 0 ? 2 : 0;
        var body = new byte[received.Length + buffer.Length + lineEnd];
        received.CopyTo(body, 0);
        buffer.CopyTo(body.AsSpan(received.Length));
        if (lineEnd > 0)
        {
            body[^2] = (byte)'\r';
            body[^1] = (byte)'\n';
        }

        var (refusal, spoofed) = await CheckHeaderFromAsync(tenant, received.Length, body, cancellationToken);
        if (refusal is { } refused)
        {
            logger.LogWarning("{QueueId}: refused from {Client}: {Reply}", queueId, facts.RemoteAddress, refused.Message);
            return Count(refused);
        }

        var envelope = new MessageEnvelope
        {
            SpoofedFrom = spoofed,
            QueueId = queueId,
            Direction = direction,
            TenantId = tenant?.Id ?? "",
            Sender = facts.Sender,
            Recipients = facts.Recipients.ToList(),
            ReceivedUtc = now,
            ClientAddress = facts.RemoteAddress.ToString(),
            Size = body.Length,
            EnvelopeId = transaction.Parameters.TryGetValue("ENVID", out var envid) ? envid : null,
        };

        try
        {
            await intake.SubmitAsync(envelope, body, cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{QueueId}: could not commit the message from {Client}; answered 451", queueId, envelope.ClientAddress);
            return Count(Replies.TemporaryFailure);
        }

        var dir = direction.ToString().ToLowerInvariant();
        SmtpMetrics.Accepted.WithLabels(dir, envelope.TenantId).Inc();
        SmtpMetrics.AcceptLatency.WithLabels(dir).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        logger.LogInformation("{QueueId}: accepted from={Sender} nrcpt={Count} size={Size} client={Client} tenant={Tenant} direction={Direction}",
            queueId, envelope.Sender.Length == 0 ? "<>" : envelope.Sender, envelope.Recipients.Count, envelope.Size,
            envelope.ClientAddress, envelope.TenantId, dir);
        return Count(Replies.Ok($"Ok: queued as {queueId}"));
    }

    /// <summary>
    /// CL-3 for the header From (RFC 5322.From, what the reader sees). Tenant listener: every From
    /// address in the relay tenant's own domains (exactly) or allowed by its AllowedForeignFrom.
    /// Internet listener: no From address in a tenant's domain or under it — refused, or marked
    /// (<see cref="SmtpOptions.SpoofedHeaderFrom"/>). A From that does not parse is read for
    /// addresses literally, so a broken header cannot hide a tenant domain.
    /// </summary>
    private async Task<(SmtpResponse? Refusal, string? Spoofed)> CheckHeaderFromAsync(
        Smgw.Interfaces.Models.TenantConfig? tenant, int offset, byte[] body, CancellationToken cancellationToken)
    {
        foreach (var address in HeaderFrom.Addresses(body, offset))
        {
            var domain = AddressRules.Domain(address);
            if (kind == ListenerKind.Tenant && tenant is not null)
            {
                if (!tenant.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase) && !HeaderFrom.Allowed(tenant.AllowedForeignFrom, address))
                {
                    return (Replies.HeaderFromNotOwnDomain(address, tenant.Id), null);
                }
            }
            else if (kind == ListenerKind.Internet && await directory.FindByDomainOrParentAsync(domain, cancellationToken) is not null)
            {
                return options.SpoofedHeaderFrom == SpoofedFromAction.Refuse ? (Replies.SpoofedHeaderFrom(address), null) : (null, address);
            }
        }
        return (null, null);
    }

    /// <summary>
    /// A CR not followed by LF, or an LF not preceded by CR, anywhere in the data (RFC 5321 §2.3.8:
    /// they only occur together). Such bytes are how SMTP smuggling hides a second message from one
    /// server and shows it to the next; the message is refused rather than passed on or repaired.
    /// </summary>
    internal static bool BareLineEnd(ReadOnlySequence<byte> buffer)
    {
        var previous = (byte)0;
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            var start = 0;
            while (true)
            {
                var at = span[start..].IndexOfAny((byte)'\r', (byte)'\n');
                if (at < 0)
                {
                    break;
                }
                at += start;
                var before = at > 0 ? span[at - 1] : previous;
                if (span[at] == (byte)'\n' && before != (byte)'\r')
                {
                    return true;
                }
                if (span[at] == (byte)'\r')
                {
                    // The next byte must be LF: in this segment, or the first of the next one.
                    if (at + 1 < span.Length ? span[at + 1] != (byte)'\n' : !NextStartsWithLf(buffer, segment))
                    {
                        return true;
                    }
                }
                start = at + 1;
            }
            previous = span.Length > 0 ? span[^1] : previous;
        }
        return false;
    }

    private static bool NextStartsWithLf(ReadOnlySequence<byte> buffer, ReadOnlyMemory<byte> segment)
    {
        var found = false;
        foreach (var next in buffer)
        {
            if (found && next.Length > 0)
            {
                return next.Span[0] == (byte)'\n';
            }
            found |= next.Equals(segment);
        }
        return false; // a CR at the very end of the data: SmtpServer took the LF after it for the terminator
    }

    private SmtpResponse Count(SmtpResponse response)
    {
        SmtpMetrics.Replies.WithLabels(kind.ToString().ToLowerInvariant(), "DATA", ((int)response.ReplyCode).ToString(CultureInfo.InvariantCulture)).Inc();
        return response;
    }

    /// <summary>RFC 5321 §4.4 trace header; "ESMTPS" when the session is TLS (RFC 3848).</summary>
    private byte[] ReceivedHeader(ISessionContext context, SessionFacts facts, string queueId, DateTimeOffset now)
    {
        var protocol = context.Pipe.IsSecure ? "ESMTPS" : "ESMTP";
        var tls = context.Pipe.IsSecure ? $" ({context.Pipe.SslProtocol})" : "";
        var helo = string.IsNullOrEmpty(facts.Helo) ? "unknown" : Sanitize(facts.Helo);
        var forClause = facts.Recipients.Count == 1 ? $"\r\n\tfor <{Sanitize(facts.Recipients[0])}>" : "";
        var date = now.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        var header = $"Received: from {helo} ([{facts.RemoteAddress}])\r\n\tby {options.Hostname} (SMGW) with {protocol}{tls} id {queueId}{forClause};\r\n\t{date}\r\n";
        return Encoding.ASCII.GetBytes(header);
    }

    private static string Sanitize(string value) =>
        new(value.Where(c => c is > ' ' and < (char)127 && c is not ';' and not '(' and not ')').Take(200).ToArray());
}
