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
/// when offered (opportunistic, RFC 3207), and reports one outcome per recipient.
/// </summary>
public sealed class SmtpDeliveryAgent(IOptions<DeliveryOptions> options, ILogger<SmtpDeliveryAgent> logger)
{
    public async Task<IReadOnlyList<RecipientOutcome>> DeliverAsync(
        string queueId, Route route, string sender, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (route.FailureStatus is { } failureStatus)
        {
            var kind = failureStatus.StartsWith('5') ? OutcomeKind.Permanent : OutcomeKind.Temporary;
            return recipients.Select(r => new RecipientOutcome(r, kind, failureStatus, route.FailureText ?? "", null)).ToList();
        }

        MimeMessage message;
        using (var stream = new MemoryStream(body.ToArray(), writable: false))
        {
            message = await MimeMessage.LoadAsync(stream, persistent: false, cancellationToken);
        }

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
        using var client = new RecordingSmtpClient
        {
            LocalDomain = options.Value.Hostname,
            Timeout = (int)options.Value.Timeout.TotalMilliseconds,
            CheckCertificateRevocation = false,
            // Opportunistic TLS: encryption without authentication beats plaintext (RFC 7435).
            ServerCertificateValidationCallback = (_, _, _, _) => true,
        };
        await client.ConnectAsync(host, port, SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);

        var envelopeSender = sender.Length == 0 ? new MailboxAddress("", "") : MailboxAddress.Parse(sender);
        var mailboxes = recipients.Select(MailboxAddress.Parse).ToList();
        string dataReply;
        try
        {
            dataReply = await client.SendAsync(FormatOptions.Default, message, envelopeSender, mailboxes, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            // MAIL FROM refused, every RCPT refused, or DATA refused: one answer for all the
            // recipients the server did not already refuse one by one.
            var kind = (int)ex.StatusCode >= 500 ? OutcomeKind.Permanent : OutcomeKind.Temporary;
            var status = EnhancedStatus.From((int)ex.StatusCode, ex.Message);
            var text = $"{(int)ex.StatusCode} {ex.Message}";
            await QuitQuietlyAsync(client);
            return recipients.Select(r => client.Refused.TryGetValue(r, out var refused)
                    ? Refusal(r, refused, remote)
                    : new RecipientOutcome(r, kind, status, text, remote))
                .ToList();
        }
        await QuitQuietlyAsync(client);

        return recipients.Select(r => client.Refused.TryGetValue(r, out var refused)
                ? Refusal(r, refused, remote)
                : new RecipientOutcome(r, OutcomeKind.Delivered, EnhancedStatus.From(250, dataReply), $"250 {dataReply}", remote))
            .ToList();
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

    private static async Task QuitQuietlyAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true);
        }
        catch (Exception ex) when (IsConnectionProblem(ex))
        {
            // The message is already handed over (or refused); a broken QUIT changes nothing.
        }
    }

    private static bool IsConnectionProblem(Exception ex) =>
        ex is SocketException or IOException or TimeoutException or OperationCanceledException
            or SslHandshakeException or ProtocolException or SmtpProtocolException or ServiceNotConnectedException;

    /// <summary>MailKit throws on the first refused RCPT by default; this records it and goes on.</summary>
    private sealed class RecordingSmtpClient : SmtpClient
    {
        public Dictionary<string, SmtpResponse> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
            Refused[mailbox.Address] = response;
    }
}
