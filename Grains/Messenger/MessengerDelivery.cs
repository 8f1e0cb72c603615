using System.Security.Cryptography;
using System.Text;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Models;
using Smgw.Storage.Secrets;

namespace Smgw.Grains.Messenger;

/// <summary>
/// The workflow's door to the Messenger: derives the link token for (message, recipient) — an
/// HMAC under a key from the master key, so it is unguessable yet the same when the workflow
/// repeats a step after a crash (the deposit is idempotent) — and deposits the message.
/// </summary>
public sealed class MessengerDelivery(IGrainFactory grains, SecretProtector secrets)
{
    public async Task DepositAsync(MessageEnvelope envelope, string recipient, ReadOnlyMemory<byte> body)
    {
        var token = Token(envelope.QueueId, recipient);
        await grains.GetGrain<IMessengerMessageGrain>(MessengerTokens.MessageId(token)).DepositAsync(new MessengerDeposit
        {
            QueueId = envelope.QueueId,
            TenantId = envelope.TenantId,
            Sender = envelope.Sender,
            Recipient = recipient,
            Token = token,
            Body = body.ToArray(),
        });
    }

    private string Token(string queueId, string recipient)
    {
        var key = Convert.FromBase64String(secrets.Password("messenger-link"));
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(queueId + "\n" + MessengerTokens.Address(recipient)));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
