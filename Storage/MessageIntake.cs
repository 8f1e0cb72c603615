using Microsoft.Extensions.Options;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;

namespace Smgw.Storage;

/// <summary>
/// The one way a message enters the queue (SMTP frontends and gateway-generated mail such as
/// DSNs alike): the body is committed to the message store, then the message's grain records the
/// envelope. Only when both returned may the sender be told 250.
/// </summary>
public sealed class MessageIntake(MessageStore store, IGrainFactory grains, IOptions<QueueOptions> options, TimeProvider time)
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
        await store.InsertAsync(entry, body, cancellationToken).ConfigureAwait(false);
        await grains.GetGrain<IMessageGrain>(envelope.QueueId).AcceptAsync(envelope).ConfigureAwait(false);
    }
}
