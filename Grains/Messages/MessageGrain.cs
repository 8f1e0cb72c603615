using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Smgw.Grains.Delivery;
using Smgw.Grains.Messenger;
using Smgw.Grains.Policy;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using System.Text.Json;
using Smgw.Storage;

namespace Smgw.Grains.Messages;

/// <summary>
/// The workflow of one message: policy stage per recipient, delivery per destination, retries
/// with back-off, a DSN for what failed, and completion. Every step is recorded before the next,
/// so whichever silo activates the grain after a crash continues where it stopped. The state is
/// kept in the message's own row of the message store (group-committed with the other messages'
/// writes), not in a separate grain-state row: one write per step instead of two. A message's
/// grain lives on the silo that accepted it (no network hop on the accept path; load spreads with
/// the SMTP connections).
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
public sealed class MessageGrain(
    MessageStore store,
    MessageIntake intake,
    IPolicyStage policy,
    DestinationResolver resolver,
    SmtpDeliveryAgent agent,
    MessengerDelivery messenger,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    Smgw.Grains.Mailboxes.MailboxTraffic traffic,
    ILogger<MessageGrain> logger) : Grain, IMessageGrain
{
    private readonly MessageState _state = new();
    private IGrainTimer? _kick;
    private bool _loaded;
    private Task? _loading;

    private const int SaveAttempts = 5;
    private bool _unsaved;
    private bool _running;
    private bool _rerun;

    private string QueueId => this.GetPrimaryKeyString();

    /// <summary>Called by <see cref="MessageIntake"/> right after it stored a new message: no read needed.</summary>
    public Task AcceptAsync(MessageEnvelope envelope)
    {
        if (_state.Envelope is not null)
        {
            return Task.CompletedTask; // already accepted: idempotent
        }
        if (envelope.QueueId != QueueId)
        {
            throw new ArgumentException($"envelope queue id {envelope.QueueId} does not match grain {QueueId}.");
        }
        Initialize(envelope);
        _loaded = true;
        traffic.Observe(envelope.Sender, envelope.Recipients, envelope.ReceivedUtc); // in memory; flushed per tenant periodically (CL-10)
        Kick();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Schedules the workflow and returns at once: the work runs in this activation's timer, not
    /// inside the caller's grain call (whose 30 s response timeout is shorter than a delivery's SMTP
    /// timeouts), and a message woken by several silos' scans runs once.
    /// </summary>
    public async Task ResumeAsync()
    {
        await LoadAsync();
        if (_state.Envelope is null)
        {
            return;
        }
        if (_state.Completed)
        {
            await SaveAsync(); // the queue index may have missed it
            return;
        }
        Kick();
    }

    public async Task<MessageStatus> GetStatusAsync()
    {
        await LoadAsync();
        return new MessageStatus
        {
            QueueId = QueueId,
            Envelope = _state.Envelope,
            Recipients = _state.Recipients.ToList(),
            Completed = _state.Completed,
            Notifications = _state.Notifications.ToList(),
            PolicyTrace = _state.PolicyTrace.ToList(),
        };
    }

    public async Task RetryNowAsync()
    {
        await LoadAsync();
        if (_state.Envelope is null || _state.Completed)
        {
            return;
        }
        _state.Recipients = _state.Recipients
            .Select(r => r.IsFinal ? r : r with { State = r.State == RecipientState.Quarantined ? RecipientState.Deferred : r.State, NextAttemptUtc = null })
            .ToList();
        _state.Failures = 0;
        await SaveAsync();
        Kick();
    }

    public async Task<bool> ReleaseAsync()
    {
        await LoadAsync();
        if (_state.Envelope is null || _state.Completed || !_state.Recipients.Any(r => r.State == RecipientState.Quarantined))
        {
            return false;
        }
        _state.Recipients = _state.Recipients
            .Select(r => r.State == RecipientState.Quarantined ? r with { State = RecipientState.Deferred, NextAttemptUtc = null } : r)
            .ToList();
        _state.Failures = 0;
        await SaveAsync();
        logger.LogInformation("{QueueId}: released from quarantine by an operator", QueueId);
        Kick();
        return true;
    }

    public async Task DeleteAsync()
    {
        await LoadAsync();
        if (_state.Envelope is null || _state.Completed)
        {
            return;
        }
        _state.Recipients = _state.Recipients
            .Select(r => r.IsFinal ? r : r with { State = RecipientState.Deleted, LastResponse = "deleted by an operator", NextAttemptUtc = null })
            .ToList();
        _state.Completed = true;
        await SaveAsync();
        logger.LogInformation("{QueueId}: deleted from the queue by an operator", QueueId);
    }

    private void Initialize(MessageEnvelope envelope)
    {
        _state.Envelope = envelope with { Recipients = envelope.Recipients.ToList() };
        _state.Recipients = envelope.Recipients
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(r => new RecipientStatus { Address = r, State = RecipientState.Pending })
            .ToList();
    }

    /// <summary>
    /// Reads the stored envelope and workflow once per activation. One read only, however many
    /// calls interleave (GetStatusAsync does): a second read finishing late would replace the
    /// fresh in-memory state with an older stored copy.
    /// </summary>
    private Task LoadAsync() => _loaded ? Task.CompletedTask : _loading ??= LoadOnceAsync();

    private async Task LoadOnceAsync()
    {
        StoredMessage? stored;
        try
        {
            stored = await store.LoadAsync(QueueId);
        }
        catch
        {
            _loading = null; // the next call reads again
            throw;
        }
        if (stored?.WorkflowJson is { } workflow)
        {
            var saved = JsonSerializer.Deserialize<MessageState>(workflow, StoreJson.Options)
                ?? throw new InvalidOperationException($"{QueueId}: stored workflow state is empty");
            _state.Envelope = saved.Envelope;
            _state.Recipients = saved.Recipients;
            _state.Notifications = saved.Notifications;
            _state.Notified = saved.Notified;
            _state.PolicyTrace = saved.PolicyTrace ?? [];
            _state.Failures = saved.Failures;
            _state.Completed = saved.Completed || stored.Completed;
        }
        else if (stored?.EnvelopeJson is { } envelope)
        {
            Initialize(JsonSerializer.Deserialize<MessageEnvelope>(envelope, StoreJson.Options)
                ?? throw new InvalidOperationException($"{QueueId}: stored envelope is empty"));
        }
        _loaded = true;
    }

    /// <summary>One write: the workflow state, when the message is next due, and (when done) completion.</summary>
    private Task SaveAsync(CancellationToken cancellationToken = default)
    {
        var open = _state.Recipients.Where(r => !r.IsFinal).ToList();
        var next = open.Count > 0 && open.All(r => r.State == RecipientState.Quarantined)
            ? MessageStore.Held
            : open.Where(r => r.State != RecipientState.Quarantined).Min(r => r.NextAttemptUtc);
        return store.SaveWorkflowAsync(QueueId, JsonSerializer.Serialize(_state, StoreJson.Options), next, _state.Completed, cancellationToken);
    }

    /// <summary>
    /// Runs the workflow in this activation's timer. Never while a run is under way: disposing its
    /// timer would cancel it mid-delivery; the running pass is asked to run once more instead.
    /// </summary>
    private void Kick()
    {
        if (_running)
        {
            _rerun = true;
            return;
        }
        _kick?.Dispose();
        _kick = this.RegisterGrainTimer(
            ct => ProcessAsync(ct),
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan });
    }

    private async Task ProcessAsync(CancellationToken cancellationToken)
    {
        _running = true;
        try
        {
            await ProcessOnceAsync(cancellationToken);
        }
        finally
        {
            _running = false;
            if (_rerun)
            {
                _rerun = false;
                Kick();
            }
        }
    }

    private async Task ProcessOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["QueueId"] = QueueId });
        await LoadAsync();
        var envelope = _state.Envelope;
        if (envelope is null || _state.Completed)
        {
            return;
        }

        var now = time.GetUtcNow();
        var due = _state.Recipients
            .Where(r => !r.IsFinal && r.State != RecipientState.Quarantined && (r.NextAttemptUtc is null || r.NextAttemptUtc <= now))
            .Select(r => r.Address)
            .ToList();
        try
        {
            if (_unsaved)
            {
                await SaveWithRetriesAsync(cancellationToken); // an earlier step's outcomes first
            }
            byte[]? body = null;
            if (due.Count > 0)
            {
                body = await store.ReadBodyAsync(QueueId, cancellationToken);
                var outcomes = body is null
                    ? due.Select(r => new RecipientOutcome(r, OutcomeKind.Permanent, "5.3.0", "the message body is missing from the message store", null)).ToList()
                    : await AttemptAsync(envelope, due, body, cancellationToken);
                Apply(envelope, outcomes, time.GetUtcNow());
                _state.Failures = 0;
                // The outcomes are recorded before anything else happens (a DSN that cannot be queued must not cost them).
                _state.Completed = _state.Recipients.All(r => r.IsFinal) && !Unnotified().Any();
                await SaveWithRetriesAsync(cancellationToken);
            }
            if (Unnotified().Any())
            {
                await NotifyAsync(envelope, body, cancellationToken);
                _state.Completed = _state.Recipients.All(r => r.IsFinal);
                await SaveWithRetriesAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (IsInfrastructure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The cluster or the database is away for a moment (a silo dying, a failover): not the
            // message's fault. Nothing counts against it; the queue scan wakes it again shortly.
            logger.LogWarning("{QueueId}: the workflow waits for the cluster or the database: {Error}", QueueId, ex.Message);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await FailedAsync(envelope, due, ex, cancellationToken);
            return;
        }
        if (_state.Completed)
        {
            logger.LogInformation("{QueueId}: done ({Summary})", QueueId,
                string.Join(", ", _state.Recipients.Select(r => $"{r.Address}: {r.State}")));
        }
    }

    /// <summary>
    /// The last line of defence: an error of the gateway's own (not a refusal or a deferral by the
    /// next hop) becomes a recorded temporary outcome with back-off and a count; after
    /// <see cref="DeliveryOptions.MaxWorkflowFailures"/> in a row, or past the queue lifetime, the
    /// due recipients are quarantined with the reason — never dropped, never retried in a tight loop.
    /// </summary>
    private async Task FailedAsync(MessageEnvelope envelope, IReadOnlyList<string> due, Exception ex, CancellationToken cancellationToken)
    {
        _state.Failures++;
        DeliveryMetrics.WorkflowFailures.WithLabels(envelope.Direction.ToString().ToLowerInvariant(), envelope.TenantId).Inc();
        var now = time.GetUtcNow();
        var reason = $"{ex.GetType().Name}: {ex.Message}";
        var quarantine = _state.Failures >= options.Value.MaxWorkflowFailures || now - envelope.ReceivedUtc >= options.Value.QueueLifetime;
        _state.Recipients = _state.Recipients.Select(r => r.IsFinal || !due.Contains(r.Address, StringComparer.OrdinalIgnoreCase)
            ? r
            : quarantine
                ? r with { State = RecipientState.Quarantined, NextAttemptUtc = null, Status = "4.3.0", LastAttemptUtc = now, LastResponse = $"quarantined after {_state.Failures} failure(s) of the gateway: {reason}" }
                : r with { State = RecipientState.Deferred, NextAttemptUtc = now + options.Value.RetryDelay(_state.Failures), Status = "4.3.0", LastAttemptUtc = now, LastResponse = $"the gateway failed ({_state.Failures} of {options.Value.MaxWorkflowFailures}): {reason}" })
            .ToList();
        if (quarantine)
        {
            DeliveryMetrics.Quarantined.WithLabels(envelope.Direction.ToString().ToLowerInvariant(), envelope.TenantId).Inc();
            logger.LogError(ex, "{QueueId}: quarantined after {Failures} failure(s): {Reason}", QueueId, _state.Failures, reason);
        }
        else
        {
            logger.LogWarning(ex, "{QueueId}: the workflow failed ({Failures} of {Max}); next attempt with back-off", QueueId, _state.Failures, options.Value.MaxWorkflowFailures);
        }
        try
        {
            await SaveWithRetriesAsync(cancellationToken);
        }
        catch (Exception saveError) when (saveError is not OperationCanceledException)
        {
            // Kept in memory and written by the next step; the queue scan wakes the message again.
            logger.LogError(saveError, "{QueueId}: the failure could not be recorded either", QueueId);
        }
    }

    /// <summary>Failures of the machinery, not of the message: Orleans (a silo unreachable, a call timed out) and the database.</summary>
    private static bool IsInfrastructure(Exception ex) => ex switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsInfrastructure),
        System.Data.Common.DbException or TimeoutException or OrleansException => true,
        _ => ex.InnerException is { } inner && IsInfrastructure(inner),
    };

    private IEnumerable<RecipientStatus> Unnotified() =>
        _state.Recipients.Where(r => r.State == RecipientState.Bounced && !_state.Notified.Contains(r.Address, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// A state write that fails (database locked, full, away) is tried again with back-off within
    /// this step; the outcomes stay in memory meanwhile and, should every try fail, are written first
    /// by the next step — a delivered outcome is not lost to one failed write.
    /// </summary>
    private async Task SaveWithRetriesAsync(CancellationToken cancellationToken)
    {
        _unsaved = true;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SaveAsync(cancellationToken);
                _unsaved = false;
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < SaveAttempts)
            {
                logger.LogWarning("{QueueId}: writing the workflow state failed (attempt {Attempt} of {Max}): {Error}", QueueId, attempt, SaveAttempts, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (1 << attempt)), time, cancellationToken);
            }
        }
    }

    private async Task<List<RecipientOutcome>> AttemptAsync(
        MessageEnvelope envelope, IReadOnlyList<string> recipients, byte[] body, CancellationToken cancellationToken)
    {
        var outcomes = new List<RecipientOutcome>();
        // The Messenger's own notifications carry no content and must not be sent to the Messenger again.
        var stage = envelope.GeneratedBy == MessageOrigins.Messenger
            ? new PolicyStageOutcome([new PolicyResult(recipients, body)], [])
            : await policy.ApplyAsync(new PolicyRequest(envelope, recipients, body), cancellationToken);
        if (stage.Trace.Count > 0)
        {
            _state.PolicyTrace = stage.Trace.ToList();
        }
        foreach (var result in stage.Results)
        {
            if (result.Refused)
            {
                var kind = result.Temporary ? OutcomeKind.Temporary : OutcomeKind.Permanent;
                outcomes.AddRange(result.Recipients.Select(r =>
                    new RecipientOutcome(r, kind, result.RefusalStatus!, result.RefusalReason ?? "refused by policy", null)));
                logger.LogInformation("{QueueId}: policy {Kind} {Recipients}: {Status} {Reason}", QueueId,
                    result.Temporary ? "deferred" : "refused", string.Join(", ", result.Recipients), result.RefusalStatus, result.RefusalReason);
                continue;
            }
            if (result.Messenger)
            {
                outcomes.AddRange(await DepositAsync(envelope, result));
                continue;
            }

            var routes = new Dictionary<string, (Route Route, List<string> Recipients)>(StringComparer.Ordinal);
            foreach (var recipient in result.Recipients)
            {
                var route = await resolver.ResolveAsync(Domain(recipient), cancellationToken);
                if (!routes.TryGetValue(route.Key, out var group))
                {
                    routes[route.Key] = group = (route, []);
                }
                group.Recipients.Add(recipient);
            }

            foreach (var (route, group) in routes.Values)
            {
                var delivered = await agent.DeliverAsync(QueueId, route, envelope.Sender, group, result.Body, cancellationToken);
                outcomes.AddRange(delivered);
                foreach (var outcome in delivered)
                {
                    logger.LogInformation("{QueueId}: to={Recipient} relay={Relay} status={Status} ({Response})",
                        QueueId, outcome.Recipient, outcome.RemoteMta ?? route.Key, outcome.Kind, outcome.Response);
                }
            }
        }
        return outcomes;
    }

    /// <summary>Stores the message in the Messenger per recipient (which sends the notification): delivered, or retried later.</summary>
    private async Task<List<RecipientOutcome>> DepositAsync(MessageEnvelope envelope, PolicyResult result)
    {
        var outcomes = new List<RecipientOutcome>();
        foreach (var recipient in result.Recipients)
        {
            try
            {
                await messenger.DepositAsync(envelope, recipient, result.Body);
                outcomes.Add(new RecipientOutcome(recipient, OutcomeKind.Delivered, "2.0.0", "delivered to the Messenger; notification sent", null));
                logger.LogInformation("{QueueId}: to={Recipient} delivered to the Messenger", QueueId, recipient);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "{QueueId}: storing for {Recipient} in the Messenger failed", QueueId, recipient);
                outcomes.Add(new RecipientOutcome(recipient, OutcomeKind.Temporary, "4.3.0", $"the Messenger could not store the message: {ex.Message}", null));
            }
        }
        return outcomes;
    }

    private void Apply(MessageEnvelope envelope, IEnumerable<RecipientOutcome> outcomes, DateTimeOffset now)
    {
        var direction = envelope.Direction.ToString().ToLowerInvariant();
        var byAddress = outcomes.ToDictionary(o => o.Recipient, StringComparer.OrdinalIgnoreCase);
        var expired = now - envelope.ReceivedUtc >= options.Value.QueueLifetime;
        _state.Recipients = _state.Recipients.Select(r =>
        {
            if (!byAddress.TryGetValue(r.Address, out var outcome))
            {
                return r;
            }
            var attempts = r.Attempts + 1;
            var updated = r with
            {
                Attempts = attempts,
                LastAttemptUtc = now,
                LastResponse = outcome.Response,
                RemoteMta = outcome.RemoteMta ?? r.RemoteMta,
            };
            switch (outcome.Kind)
            {
                case OutcomeKind.Delivered:
                    DeliveryMetrics.Delivered.WithLabels(direction, envelope.TenantId).Inc();
                    DeliveryMetrics.DeliveryLatency.WithLabels(direction).Observe((now - envelope.ReceivedUtc).TotalSeconds);
                    return updated with { State = RecipientState.Delivered, NextAttemptUtc = null, Status = outcome.Status };
                case OutcomeKind.Permanent:
                    DeliveryMetrics.Bounced.WithLabels(direction, envelope.TenantId).Inc();
                    return updated with { State = RecipientState.Bounced, NextAttemptUtc = null, Status = outcome.Status };
                default:
                    if (expired)
                    {
                        DeliveryMetrics.Bounced.WithLabels(direction, envelope.TenantId).Inc();
                        return updated with
                        {
                            State = RecipientState.Bounced,
                            NextAttemptUtc = null,
                            Status = "4.4.7",
                            LastResponse = $"message expired after {options.Value.QueueLifetime.TotalHours:0.#} h in the queue; last error: {outcome.Response}",
                        };
                    }
                    DeliveryMetrics.Deferred.WithLabels(direction, envelope.TenantId).Inc();
                    return updated with { State = RecipientState.Deferred, NextAttemptUtc = now + options.Value.RetryDelay(attempts), Status = outcome.Status };
            }
        }).ToList();
    }

    /// <summary>Sends one DSN for the recipients that bounced since the last one; never for a null sender.</summary>
    private async Task NotifyAsync(MessageEnvelope envelope, byte[]? body, CancellationToken cancellationToken)
    {
        var failed = _state.Recipients
            .Where(r => r.State == RecipientState.Bounced && !_state.Notified.Contains(r.Address, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (failed.Count == 0)
        {
            return;
        }
        if (envelope.Sender.Length == 0)
        {
            logger.LogInformation("{QueueId}: no DSN for {Count} failed recipient(s): the sender is the null sender", QueueId, failed.Count);
            _state.Notified.AddRange(failed.Select(r => r.Address));
            return;
        }

        body ??= await store.ReadBodyAsync(QueueId, cancellationToken) ?? [];
        var hostname = options.Value.Hostname;
        var dsn = DsnBuilder.Build(
            new DsnRequest(
                hostname,
                QueueId,
                envelope.Sender,
                envelope.ReceivedUtc,
                failed.Select(r => new DsnRecipient(
                    r.Address, "failed", r.Status ?? "5.0.0", r.RemoteMta,
                    DiagnosticOf(r), r.LastAttemptUtc)).ToList(),
                body,
                EnvelopeId: envelope.EnvelopeId),
            time);
        if (dsn is not null)
        {
            var dsnId = $"{QueueId}D{_state.Notifications.Count + 1}";
            using var buffer = new MemoryStream();
            await dsn.WriteToAsync(FormatOptions.Default, buffer, cancellationToken);
            await intake.SubmitAsync(
                new MessageEnvelope
                {
                    QueueId = dsnId,
                    Direction = envelope.Direction == MailDirection.Inbound ? MailDirection.Outbound : MailDirection.Inbound,
                    TenantId = envelope.TenantId,
                    Sender = "",
                    Recipients = [envelope.Sender],
                    ReceivedUtc = time.GetUtcNow(),
                    ClientAddress = "127.0.0.1",
                    Size = buffer.Length,
                    GeneratedBy = MessageOrigins.Dsn,
                },
                buffer.ToArray(),
                cancellationToken);
            _state.Notifications.Add(dsnId);
            logger.LogInformation("{QueueId}: sent DSN {DsnId} to {Sender} for {Count} recipient(s)", QueueId, dsnId, envelope.Sender, failed.Count);
        }
        _state.Notified.AddRange(failed.Select(r => r.Address));
    }

    /// <summary>The remote reply ("smtp; ..."), or the gateway's own reason (a policy refusal, an expired route) as "X-SMGW; ...".</summary>
    private static string? DiagnosticOf(RecipientStatus recipient) =>
        recipient.RemoteMta is not null ? $"smtp; {recipient.LastResponse}"
        : string.IsNullOrWhiteSpace(recipient.LastResponse) ? null
        : $"X-SMGW; {recipient.LastResponse}";

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];
}
