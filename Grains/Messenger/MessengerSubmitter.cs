using Microsoft.Extensions.Options;
using MimeKit;
using Smgw.Interfaces.Models;
using Smgw.Storage;

namespace Smgw.Grains.Messenger;

/// <summary>Puts the Messenger's mail into the queue through <see cref="MessageIntake"/>, like the DSNs.</summary>
public sealed class MessengerSubmitter(MessageIntake intake, IOptions<MessengerOptions> options, TimeProvider time)
{
    public MessengerOptions Options => options.Value;

    /// <summary>Submits under <paramref name="queueId"/> (idempotent: a second submit of the same id resumes the first); <paramref name="origin"/> is a <see cref="MessageOrigins"/> value.</summary>
    public async Task SubmitAsync(string queueId, MailDirection direction, string tenantId, string sender, string recipient, MimeMessage message, string origin)
    {
        using var buffer = new MemoryStream();
        await message.WriteToAsync(FormatOptions.Default, buffer);
        await intake.SubmitAsync(
            new MessageEnvelope
            {
                QueueId = queueId,
                Direction = direction,
                TenantId = tenantId,
                Sender = sender,
                Recipients = [recipient],
                ReceivedUtc = time.GetUtcNow(),
                ClientAddress = "127.0.0.1",
                Size = buffer.Length,
                GeneratedBy = origin,
            },
            buffer.ToArray());
    }

    /// <summary>The From of notifications and codes: the configured sender, else the original sender.</summary>
    public string FromFor(string originalSender) =>
        options.Value.NotificationSender is { Length: > 0 } configured ? configured : originalSender;
}
