using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Smgw.Grains.Delivery;

/// <summary>
/// Hands a message to the next hop over SMTP: tries the route's hosts in order, uses STARTTLS
/// when offered (opportunistic, RFC 3207), reuses cached connections (<see cref="SmtpConnectionPool"/>),
/// and reports one outcome per recipient.
/// </summary>
public sealed class SmtpDeliveryAgent(SmtpConnectionPool pool, ILogger<SmtpDeliveryAgent> logger)
{
    public async Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(
        string queueId, Route route, string sender, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (route.FailureStatus is { } failureStatus)
        {
            var kind = failureStatus.StartsWith('5') ? OutcomeKind.Permanent : OutcomeKind.Temporary;
            return recipients.Select(r => new RecipientOutcome(r, kind, failureStatus, route.FailureText ?? "", null)).ToList();
        }

        // Parsed over the stored bytes without copying them (persistent: the parts' contents stay
        // ranges of this stream, which lives until the message is sent).
        using var stream = Policy.MessageProtection.Open(body);
        var message = await MimeMessage.LoadAsync(stream, persistent: true, cancellationToken);

        var lastFailure = "no host to try";
        foreach (var host in route.Hosts)
        {
            try
            {
                return await SendToHostAsync(host.Host, host.Port, message, sender, recipients, cancellationToken);
            }
            catch (Exception ex) when (IsConnectionProblem(ex))
            {
                lastFailure = $"delivery to {host} failed: {ex.Message}";
                logger.LogInformation("{QueueId}: {Failure}", queueId, lastFailure);
            }
        }
        return recipients.Select(r => new RecipientOutcome(r, OutcomeKind.Temporary, "4.4.1", lastFailure, null)).ToList();
    }

    private async Task<IReadOnlyList<RecipientOutcome>> SendToHostAsync(
        string host, int port, MimeMessage message, string sender, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var remote = $"{host}:{port}";
        var envelopeSender = sender.Length == 0 ? new MailboxAddress("", "") : MailboxAddress.Parse(sender);
        var mailboxes = recipients.Select(MailboxAddress.Parse).ToList();

        var lease = await pool.RentAsync(host, port, cancellationToken);
        string dataReply;
        try
        {
            lease.Client.Refused.Clear();
            dataReply = await lease.Client.SendAsync(FormatOptions.Default, message, envelopeSender, mailboxes, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            // MAIL FROM refused, every RCPT refused, or DATA refused: one answer for all the
            // recipients the server did not already refuse one by one.
            await pool.DiscardAsync(lease);
            var kind = (int)ex.StatusCode >= 500 ? OutcomeKind.Permanent : OutcomeKind.Temporary;
            var status = EnhancedStatus.From((int)ex.StatusCode, ex.Message);
            var text = $"{(int)ex.StatusCode} {ex.Message}";
            return recipients.Select(r => lease.Client.Refused.TryGetValue(r, out var refused)
                    ? Refusal(r, refused, remote)
                    : new RecipientOutcome(r, kind, status, text, remote))
                .ToList();
        }
        catch (Exception ex) when (IsConnectionProblem(ex) && lease.Reused)
        {
            // The server closed a cached connection in the meantime: nothing was handed over; try a new one.
            await pool.DiscardAsync(lease);
            return await SendToHostAsync(host, port, message, sender, recipients, cancellationToken);
        }
        catch
        {
            await pool.DiscardAsync(lease);
            throw;
        }
        var outcomes = recipients.Select(r => lease.Client.Refused.TryGetValue(r, out var refused)
                ? Refusal(r, refused, remote)
                : new RecipientOutcome(r, OutcomeKind.Delivered, EnhancedStatus.From(250, dataReply), $"250 {dataReply}", remote))
            .ToList();
        await pool.ReturnAsync(lease);
        return outcomes;
    }

    private static RecipientOutcome Refusal(string recipient, SmtpResponse response, string remote)
    {
        var code = (int)response.StatusCode;
        return new RecipientOutcome(
            recipient,
            code >= 500 ? OutcomeKind.Permanent : OutcomeKind.Temporary,
            EnhancedStatus.From(code, response.Response),
            $"{code} {response.Response}",
            remote);
    }

    private static bool IsConnectionProblem(Exception ex) =>
        ex is SocketException or IOException or TimeoutException or OperationCanceledException
            or SslHandshakeException or ProtocolException or SmtpProtocolException or ServiceNotConnectedException;
}
