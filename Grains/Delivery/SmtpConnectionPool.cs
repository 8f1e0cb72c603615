using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Smgw.Grains.Delivery;

/// <summary>
/// Keeps SMTP connections to next hops open for a few seconds after a delivery, so the next
/// message to the same host skips TCP, EHLO and TLS (like Postfix's connection cache). A
/// connection serves one delivery at a time, at most <see cref="DeliveryOptions.MaxMessagesPerConnection"/>
/// messages, and is closed with QUIT when idle for <see cref="DeliveryOptions.ConnectionReuseTime"/>.
/// </summary>
public sealed class SmtpConnectionPool(IOptions<DeliveryOptions> options, TimeProvider time) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Pooled>> _idle = new(StringComparer.Ordinal);

    /// <summary>An open connection to host:port: an idle one when there is one, else a new one.</summary>
    public async Task<Lease> RentAsync(string host, int port, CancellationToken cancellationToken)
    {
        var key = $"{host}:{port}";
        if (_idle.TryGetValue(key, out var queue))
        {
            while (queue.TryDequeue(out var pooled))
            {
                if (pooled.Client.IsConnected && !Expired(pooled))
                {
                    return new Lease(key, pooled.Client, pooled.Uses, Reused: true);
                }
                await CloseAsync(pooled.Client);
            }
        }

        var client = new RecordingSmtpClient
        {
            LocalDomain = options.Value.Hostname,
            Timeout = (int)options.Value.Timeout.TotalMilliseconds,
            CheckCertificateRevocation = false,
            // Opportunistic TLS: encryption without authentication beats plaintext (RFC 7435).
            ServerCertificateValidationCallback = (_, _, _, _) => true,
        };
        try
        {
            await client.ConnectAsync(host, port, SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new Lease(key, client, 0, Reused: false);
    }

    /// <summary>Gives a healthy connection back after a delivery.</summary>
    public async Task ReturnAsync(Lease lease)
    {
        var uses = lease.Uses + 1;
        if (!lease.Client.IsConnected || uses >= options.Value.MaxMessagesPerConnection || options.Value.ConnectionReuseTime <= TimeSpan.Zero)
        {
            await CloseAsync(lease.Client);
            return;
        }
        _idle.GetOrAdd(lease.Key, _ => new ConcurrentQueue<Pooled>())
            .Enqueue(new Pooled(lease.Client, uses, time.GetUtcNow()));
    }

    /// <summary>Closes a connection whose state is unknown (an error in the middle of a transaction).</summary>
    public Task DiscardAsync(Lease lease) => CloseAsync(lease.Client);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(all: false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await SweepAsync(all: true);
    }

    private async Task SweepAsync(bool all)
    {
        foreach (var queue in _idle.Values)
        {
            var keep = new List<Pooled>();
            while (queue.TryDequeue(out var pooled))
            {
                if (all || Expired(pooled) || !pooled.Client.IsConnected)
                {
                    await CloseAsync(pooled.Client);
                }
                else
                {
                    keep.Add(pooled);
                }
            }
            foreach (var pooled in keep)
            {
                queue.Enqueue(pooled);
            }
        }
    }

    private bool Expired(Pooled pooled) => time.GetUtcNow() - pooled.Since > options.Value.ConnectionReuseTime;

    private static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SmtpProtocolException or SmtpCommandException or System.Net.Sockets.SocketException)
        {
            // the peer is gone; nothing to say goodbye to
        }
        finally
        {
            client.Dispose();
        }
    }

    private sealed record Pooled(RecordingSmtpClient Client, int Uses, DateTimeOffset Since);

    /// <summary>A connection lent to one delivery.</summary>
    public sealed record Lease(string Key, RecordingSmtpClient Client, int Uses, bool Reused);
}

/// <summary>
/// MailKit throws on the first refused RCPT by default; this records it and goes on. And MailKit
/// "prepares" every message before sending (adds MIME-Version, re-encodes long lines); this sends the
/// stored bytes as they are — what was accepted is what is delivered — and lets MailKit convert only
/// when it must: 8-bit content for a next hop without 8BITMIME (RFC 6152).
/// </summary>
public sealed class RecordingSmtpClient : SmtpClient
{
    public Dictionary<string, SmtpResponse> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Refused[mailbox.Address] = response;

    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
        if (constraint == EncodingConstraint.SevenBit && NeedsEightBit(message))
        {
            base.Prepare(options, message, constraint, maxLineLength);
        }
    }

    /// <summary>Whether any part declares 8-bit or binary content (what a 7-bit next hop must not be sent).</summary>
    private static bool NeedsEightBit(MimeMessage message) =>
        message.BodyParts.OfType<MimePart>().Any(p => p.ContentTransferEncoding is ContentEncoding.EightBit or ContentEncoding.Binary)
        || message.Body is MimePart { ContentTransferEncoding: ContentEncoding.EightBit or ContentEncoding.Binary };
}
