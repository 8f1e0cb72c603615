using Microsoft.Extensions.Options;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;

namespace Smgw.Storage;

/// <summary>
/// The one way a message enters the queue (SMTP frontends and gateway-generated mail such as
/// DSNs alike): the body is committed to the message store, then the message's grain records the
/// envelope. Only when both returned may the sender be told 250.
/// </summary>
public sealed class MessageIntake(MessageStore store, IGrainFactory grains, IOptions<QueueOptions> options, TimeProvider time, CommitHealth health)
{
    public static string NewQueueId() => Guid.CreateVersion7().ToString("N").ToUpperInvariant();

    public async Task SubmitAsync(MessageEnvelope envelope, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var entry = new QueueEntry(
            envelope.QueueId,
            envelope.ReceivedUtc,
            (int)envelope.Direction,
            envelope.TenantId,
            envelope.Sender,
            envelope.Recipients.Count,
            body.Length,
            Completed: false,
            NextAttempt: time.GetUtcNow() + options.Value.ResumeAfter);
        var json = System.Text.Json.JsonSerializer.Serialize(envelope, StoreJson.Options);
        var grain = grains.GetGrain<IMessageGrain>(envelope.QueueId);
        bool inserted;
        try
        {
            inserted = await store.InsertAsync(entry, body, json, cancellationToken).ConfigureAwait(false);
            health.Succeeded();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Readiness reflects it until a commit (or the write probe of this size) succeeds.
            health.Failed(body.Length, ex);
            throw;
        }
        if (inserted)
        {
            try
            {
                await grain.AcceptAsync(envelope).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The caller answers 4xx and the sender sends again: take this copy back, or the
                // queue manager would deliver it too. If that fails as well, the queue manager
                // delivers it and the sender's retry becomes a duplicate (logged).
                try
                {
                    await store.WithdrawAsync(envelope.QueueId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception withdraw)
                {
                    throw new AggregateException(
                        $"{envelope.QueueId}: acceptance failed and the stored copy could not be withdrawn; it will be delivered, and a retry by the sender would be a duplicate", ex, withdraw);
                }
                throw;
            }
        }
        else
        {
            // Submitted before (a DSN retried after a crash): the stored message and its state win.
            await grain.ResumeAsync().ConfigureAwait(false);
        }
    }
}
