using System.Text;
using Microsoft.Extensions.Logging;
using MimeKit;
using Smgw.Interfaces;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Models;
using Smgw.Storage;
using Smgw.Storage.Secrets;

namespace Smgw.Grains.Messenger;

/// <summary>
/// One Messenger message for one recipient: stored encrypted, announced by a notification,
/// opened and answered only by its recipient, deleted by a reminder when the tenant's retention
/// runs out (and treated as gone from that moment on, should the reminder be late).
/// </summary>
public sealed class MessengerMessageGrain(
    [PersistentState(StorageNames.MessengerMessageState, StorageNames.Grains)] IPersistentState<MessengerMessageState> state,
    SecretProtector secrets,
    MessengerSubmitter submitter,
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(MessengerOptions.Clock)] TimeProvider time,
    ILogger<MessengerMessageGrain> logger) : Grain, IMessengerMessageGrain, IRemindable
{
    private const string ExpiryReminder = "messenger-expiry";

    private string Id => this.GetPrimaryKeyString();
    private string BodyPurpose => "messenger-body:" + Id;
    private string SubjectPurpose => "messenger-subject:" + Id;
    private bool Exists => state.RecordExists && state.State.Recipient.Length > 0;

    public async Task DepositAsync(MessengerDeposit deposit)
    {
        ArgumentNullException.ThrowIfNull(deposit);
        if (MessengerTokens.MessageId(deposit.Token) != Id)
        {
            throw new ArgumentException("the token does not belong to this message");
        }
        if (!Exists)
        {
            var settings = await GrainFactory.GetGrain<ITenantMessengerGrain>(deposit.TenantId).GetAsync();
            var now = time.GetUtcNow();
            string subject;
            using (var stream = new MemoryStream(deposit.Body, writable: false))
            {
                var headers = HeaderList.Load(stream);
                subject = headers[HeaderId.Subject] ?? "";
            }
            state.State = new MessengerMessageState
            {
                QueueId = deposit.QueueId,
                TenantId = deposit.TenantId,
                Sender = deposit.Sender,
                Recipient = MessengerTokens.Address(deposit.Recipient),
                ReceivedUtc = now,
                ExpiresUtc = now.AddDays(settings.RetentionDays),
                ProtectedBody = secrets.Protect(deposit.Body, BodyPurpose),
                ProtectedSubject = secrets.Protect(Encoding.UTF8.GetBytes(subject), SubjectPurpose),
            };
            await state.WriteStateAsync();
        }
        if (!state.State.Notified)
        {
            // Until the notification is recorded, every step repeats safely after a crash (all idempotent).
            await GrainFactory.GetGrain<IMessengerAccountGrain>(state.State.Recipient).AddMessageAsync(Id, state.State.TenantId);
            await GrainFactory.GetGrain<ITenantMessengerGrain>(state.State.TenantId).AddMessageAsync(Id, state.State.Recipient);
            await ScheduleExpiryAsync();
            var settings = await GrainFactory.GetGrain<ITenantMessengerGrain>(state.State.TenantId).GetAsync();
            var link = submitter.Options.PublicBaseUrl + "/m/" + deposit.Token;
            var from = submitter.FromFor(state.State.Sender);
            var notification = MessengerMail.Notification(settings, from, state.State.Sender, state.State.Recipient, link, state.State.ExpiresUtc);
            await submitter.SubmitAsync($"{state.State.QueueId}M{Id[..8].ToUpperInvariant()}", MailDirection.Outbound, state.State.TenantId,
                from, state.State.Recipient, notification, MessageOrigins.Messenger);
            state.State.Notified = true;
            await state.WriteStateAsync();
            MessengerMetrics.Notifications.WithLabels(state.State.TenantId).Inc();
            logger.LogInformation("{QueueId}: stored for {Recipient} in the Messenger (message {MessageId}, expires {Expires:u}); notification sent",
                state.State.QueueId, state.State.Recipient, Id[..12], state.State.ExpiresUtc);
        }
    }

    public async Task<MessengerLink?> LinkAsync()
    {
        if (!await LiveAsync())
        {
            return null;
        }
        var settings = await GrainFactory.GetGrain<ITenantMessengerGrain>(state.State.TenantId).GetAsync();
        return new MessengerLink
        {
            MessageId = Id,
            Recipient = state.State.Recipient,
            Verification = settings.Verification,
            HasPassword = await GrainFactory.GetGrain<IMessengerAccountGrain>(state.State.Recipient).HasPasswordAsync(),
        };
    }

    public async Task<MessengerSummary?> SummaryAsync(string address) =>
        await MayReadAsync(address) ? Summary() : null;

    public async Task<MessengerContent?> OpenAsync(string address)
    {
        if (!await MayReadAsync(address))
        {
            return null;
        }
        var body = secrets.Unprotect(state.State.ProtectedBody, BodyPurpose);
        if (state.State.FirstReadUtc is null)
        {
            state.State.FirstReadUtc = time.GetUtcNow();
            await state.WriteStateAsync();
            MessengerMetrics.Read.WithLabels(state.State.TenantId).Inc();
            logger.LogInformation("{QueueId}: read in the Messenger by {Recipient}", state.State.QueueId, state.State.Recipient);
        }
        return new MessengerContent { Summary = Summary(), Mime = body, Replies = state.State.Replies };
    }

    public async Task<bool> ReplyAsync(string address, MessengerReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!await MayReadAsync(address))
        {
            return false;
        }
        if (await GrainFactory.GetGrain<ITenantGrain>(state.State.TenantId).GetAsync() is null)
        {
            // The tenant is gone (offboarded): its domain is nobody's, a reply would leave for the Internet.
            logger.LogWarning("{QueueId}: reply of {Recipient} refused: tenant {TenantId} no longer exists", state.State.QueueId, state.State.Recipient, state.State.TenantId);
            return false;
        }
        if (reply.Text.Trim().Length == 0 && reply.Attachments.Count == 0)
        {
            throw new ArgumentException("a reply needs a text or an attachment");
        }
        MimeMessage original;
        using (var stream = new MemoryStream(secrets.Unprotect(state.State.ProtectedBody, BodyPurpose), writable: false))
        {
            original = await MimeMessage.LoadAsync(stream);
        }
        var message = MessengerMail.Reply(original, state.State.Recipient, state.State.Sender, reply);
        var queueId = MessageIntake.NewQueueId();
        await submitter.SubmitAsync(queueId, MailDirection.Inbound, state.State.TenantId, state.State.Recipient, state.State.Sender, message, MessageOrigins.MessengerReply);
        state.State.Replies++;
        await state.WriteStateAsync();
        MessengerMetrics.Replies.WithLabels(state.State.TenantId).Inc();
        logger.LogInformation("{QueueId}: {Recipient} replied in the Messenger to {Sender} (queued as {ReplyId}, {Count} attachment(s))",
            state.State.QueueId, state.State.Recipient, state.State.Sender, queueId, reply.Attachments.Count);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }
        if (!Exists)
        {
            await UnregisterAsync();
            return;
        }
        await LiveAsync(); // deletes the message when its time has come
    }

    private MessengerSummary Summary() => new()
    {
        MessageId = Id,
        Sender = state.State.Sender,
        Subject = Encoding.UTF8.GetString(secrets.Unprotect(state.State.ProtectedSubject, SubjectPurpose)),
        ReceivedUtc = state.State.ReceivedUtc,
        ExpiresUtc = state.State.ExpiresUtc,
        Read = state.State.FirstReadUtc is not null,
    };

    private async Task<bool> MayReadAsync(string address) =>
        await LiveAsync() && string.Equals(state.State.Recipient, MessengerTokens.Address(address), StringComparison.Ordinal);

    /// <summary>Exists and has not expired; an expired message is deleted here and now.</summary>
    private async Task<bool> LiveAsync()
    {
        if (!Exists)
        {
            return false;
        }
        if (time.GetUtcNow() < state.State.ExpiresUtc)
        {
            return true;
        }
        var (tenant, recipient, queueId) = (state.State.TenantId, state.State.Recipient, state.State.QueueId);
        await DeleteAsync();
        MessengerMetrics.Expired.WithLabels(tenant).Inc();
        logger.LogInformation("{QueueId}: the Messenger copy for {Recipient} expired and was deleted", queueId, recipient);
        return false;
    }

    public async Task<bool> EraseAsync()
    {
        if (!Exists)
        {
            await UnregisterAsync();
            return false;
        }
        var (recipient, queueId) = (state.State.Recipient, state.State.QueueId);
        await DeleteAsync();
        logger.LogInformation("{QueueId}: the Messenger copy for {Recipient} was erased (tenant offboarded)", queueId, recipient);
        return true;
    }

    /// <summary>The message, its reminder and the account's and the tenant's entries for it go.</summary>
    private async Task DeleteAsync()
    {
        var (tenant, recipient) = (state.State.TenantId, state.State.Recipient);
        await GrainFactory.GetGrain<IMessengerAccountGrain>(recipient).RemoveMessageAsync(Id);
        await GrainFactory.GetGrain<ITenantMessengerGrain>(tenant).RemoveMessageAsync(Id);
        await state.ClearStateAsync();
        state.State = new MessengerMessageState();
        await UnregisterAsync();
    }

    private async Task ScheduleExpiryAsync()
    {
        var due = state.State.ExpiresUtc - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(ExpiryReminder, due < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : due, TimeSpan.FromHours(1));
    }

    private async Task UnregisterAsync()
    {
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
