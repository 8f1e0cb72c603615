using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Smgw.Storage;

/// <summary>
/// Stores each accepted message once (body, envelope, the workflow state its grain writes) and
/// indexes the queue (what is due when). Writes go through one <see cref="BatchWriter"/> (group
/// commit); reads use their own connections (kept open with SQLite). SQLite's ADO.NET "async" calls run synchronously,
/// so with SQLite every read is moved off the caller's thread (grain turns and SMTP sessions must
/// not block on file I/O).
/// </summary>
public sealed class MessageStore(SmgwDatabase database, TimeProvider time, ILogger<MessageStore>? logger = null) : IAsyncDisposable
{
    private const int Queued = 0;
    private const int Done = 1;
    /// <summary>SQLite read connections kept open between reads.</summary>
    private const int MaxIdleReaders = 4;

    private readonly BatchWriter _writer = new(database, (ILogger?)logger ?? NullLogger.Instance);
    private readonly ConcurrentBag<DbConnection> _idleReaders = [];
    private volatile bool _disposed;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idleReaders.TryTake(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Commits body, envelope and queue entry; returns only after the database committed. Inserting
    /// an existing id changes nothing and returns false.
    /// </summary>
    public async Task<bool> InsertAsync(QueueEntry entry, ReadOnlyMemory<byte> body, string? envelopeJson = null, CancellationToken cancellationToken = default) =>
        await _writer.ExecuteAsync(
            "INSERT INTO smgw_messages (queue_id, received_ms, direction, tenant_id, sender, recipients, size, state, next_attempt_ms, envelope, body) " +
            "VALUES (@id, @received, @direction, @tenant, @sender, @recipients, @size, @state, @next, @envelope, @body) " +
            "ON CONFLICT (queue_id) DO NOTHING",
            [
                ("@id", entry.QueueId),
                ("@received", entry.Received.ToUnixTimeMilliseconds()),
                ("@direction", (short)entry.Direction),
                ("@tenant", entry.TenantId),
                ("@sender", entry.Sender),
                ("@recipients", entry.Recipients),
                ("@size", entry.Size),
                ("@state", (short)Queued),
                ("@next", entry.NextAttempt.ToUnixTimeMilliseconds()),
                ("@envelope", envelopeJson),
                ("@body", body.ToArray()),
            ],
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>
    /// The readiness write probe: commits a row with <paramref name="size"/> bytes through the same
    /// writer as messages, then frees them. Throws what a message commit would throw.
    /// </summary>
    public async Task ProbeWriteAsync(string node, int size, CancellationToken cancellationToken = default)
    {
        // Random bytes: PostgreSQL would compress zeros to nothing and prove no space.
        var filler = new byte[size];
        Random.Shared.NextBytes(filler);
        await _writer.ExecuteAsync(
            "INSERT INTO smgw_health (node, at_ms, filler) VALUES (@node, @now, @filler) " +
            "ON CONFLICT (node) DO UPDATE SET at_ms = excluded.at_ms, filler = excluded.filler",
            [("@node", node), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("@filler", filler)],
            cancellationToken).ConfigureAwait(false);
        if (size > 0)
        {
            await _writer.ExecuteAsync("UPDATE smgw_health SET filler = NULL WHERE node = @node", [("@node", node)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records the workflow state and when the message is next due; when <paramref name="completed"/>,
    /// marks it done and releases the body. One write, committed with whatever else is pending.
    /// </summary>
    /// <summary>The next attempt of a message whose open recipients are all quarantined: never, until released.</summary>
    public static readonly DateTimeOffset Held = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds());

    public Task SaveWorkflowAsync(string queueId, string workflowJson, DateTimeOffset? nextAttempt, bool completed, CancellationToken cancellationToken = default) =>
        completed
            ? _writer.ExecuteAsync(
                "UPDATE smgw_messages SET workflow = @workflow, state = 1, completed_ms = @now, body = NULL WHERE queue_id = @id",
                [("@id", queueId), ("@workflow", workflowJson), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())],
                cancellationToken)
            : _writer.ExecuteAsync(
                "UPDATE smgw_messages SET workflow = @workflow, next_attempt_ms = @next WHERE queue_id = @id AND state = 0",
                [("@id", queueId), ("@workflow", workflowJson), ("@next", (nextAttempt ?? time.GetUtcNow()).ToUnixTimeMilliseconds())],
                cancellationToken);

    /// <summary>
    /// Takes back a message whose acceptance failed after it was stored (the sender is told 4xx and
    /// sends it again): removed only while no workflow has touched it. True when it was removed.
    /// </summary>
    public async Task<bool> WithdrawAsync(string queueId, CancellationToken cancellationToken = default) =>
        await _writer.ExecuteAsync(
            "DELETE FROM smgw_messages WHERE queue_id = @id AND workflow IS NULL",
            [("@id", queueId)],
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>The envelope and workflow state of a message, or null when it is unknown.</summary>
    public Task<StoredMessage?> LoadAsync(string queueId, CancellationToken cancellationToken = default) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT envelope, workflow, state FROM smgw_messages WHERE queue_id = @id";
            Add(command, "@id", queueId);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                return null;
            }
            return new StoredMessage(
                queueId,
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                Convert.ToInt32(reader.GetValue(2)) == Done);
        }, cancellationToken);

    /// <summary>The stored body, or null when the message is unknown or its body was released.</summary>
    public Task<byte[]?> ReadBodyAsync(string queueId, CancellationToken cancellationToken = default) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT body FROM smgw_messages WHERE queue_id = @id";
            Add(command, "@id", queueId);
            var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return value is byte[] bytes ? bytes : null;
        }, cancellationToken);

    /// <summary>Records when the message is next due (the queue manager wakes its grain then).</summary>
    public Task ScheduleAsync(string queueId, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default) =>
        _writer.ExecuteAsync(
            "UPDATE smgw_messages SET next_attempt_ms = @next WHERE queue_id = @id AND state = 0",
            [("@id", queueId), ("@next", nextAttempt.ToUnixTimeMilliseconds())],
            cancellationToken);

    /// <summary>Marks the message done and releases its body.</summary>
    public Task CompleteAsync(string queueId, CancellationToken cancellationToken = default) =>
        _writer.ExecuteAsync(
            "UPDATE smgw_messages SET state = 1, completed_ms = COALESCE(completed_ms, @now), body = NULL WHERE queue_id = @id",
            [("@id", queueId), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())],
            cancellationToken);

    /// <summary>Queue ids whose next attempt is due.</summary>
    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT queue_id FROM smgw_messages WHERE state = 0 AND next_attempt_ms <= @now ORDER BY next_attempt_ms LIMIT @limit";
            Add(command, "@now", now.ToUnixTimeMilliseconds());
            Add(command, "@limit", limit);
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
            return ids;
        }, cancellationToken);

    /// <summary>How many messages are not finished.</summary>
    public Task<long> CountQueuedAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM smgw_messages WHERE state = 0";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>The queue view: messages still queued (or all, with <paramref name="includeCompleted"/>), oldest first.</summary>
    public Task<IReadOnlyList<QueueEntry>> ListAsync(bool includeCompleted, int limit, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<QueueEntry>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT queue_id, received_ms, direction, tenant_id, sender, recipients, size, state, next_attempt_ms FROM smgw_messages " +
                (includeCompleted ? "" : "WHERE state = 0 ") + "ORDER BY received_ms LIMIT @limit";
            Add(command, "@limit", limit);
            var rows = new List<QueueEntry>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(new QueueEntry(
                    reader.GetString(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    Convert.ToInt32(reader.GetValue(2)),
                    reader.GetString(3),
                    reader.GetString(4),
                    Convert.ToInt32(reader.GetValue(5)),
                    reader.GetInt64(6),
                    Convert.ToInt32(reader.GetValue(7)) == Done,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
            }
            return rows;
        }, cancellationToken);

    /// <summary>
    /// Runs a read. PostgreSQL: on a connection from Npgsql's pool. SQLite: on the thread pool, on
    /// one of a few connections kept open — a new SQLite connection reads and parses the schema
    /// before its first statement, which cost about a tenth of the gateway's CPU when every message
    /// opened two (docs/PERFORMANCE.md). A connection whose read failed is closed, not kept.
    /// </summary>
    private Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (database.Provider != StorageProvider.Sqlite)
        {
            return OnNewConnectionAsync(work, cancellationToken);
        }
        return Task.Run(async () =>
        {
            var connection = _idleReaders.TryTake(out var idle) ? idle : await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            var keep = false;
            try
            {
                var result = await work(connection, cancellationToken).ConfigureAwait(false);
                keep = true;
                return result;
            }
            finally
            {
                if (keep && !_disposed && _idleReaders.Count < MaxIdleReaders)
                {
                    _idleReaders.Add(connection);
                }
                else
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }, cancellationToken);
    }

    private async Task<T> OnNewConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection, cancellationToken).ConfigureAwait(false);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
