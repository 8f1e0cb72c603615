using System.Data.Common;

namespace Smgw.Storage;

/// <summary>
/// Stores each accepted message body once and indexes the queue (what is due when). SQLite's
/// ADO.NET "async" calls run synchronously, so with SQLite every call is moved off the caller's
/// thread (grain turns and SMTP sessions must not block on file I/O).
/// </summary>
public sealed class MessageStore(SmgwDatabase database, TimeProvider time)
{
    private const int Queued = 0;
    private const int Done = 1;

    /// <summary>Commits body and envelope facts; returns only after the database committed. Inserting an existing id is a no-op.</summary>
    public Task InsertAsync(QueueEntry entry, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        RunAsync(async ct =>
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO smgw_queue (queue_id, received_ms, direction, tenant_id, sender, recipients, size, state, next_attempt_ms, body) " +
                "VALUES (@id, @received, @direction, @tenant, @sender, @recipients, @size, @state, @next, @body) " +
                "ON CONFLICT (queue_id) DO NOTHING";
            Add(command, "@id", entry.QueueId);
            Add(command, "@received", entry.Received.ToUnixTimeMilliseconds());
            Add(command, "@direction", (short)entry.Direction);
            Add(command, "@tenant", entry.TenantId);
            Add(command, "@sender", entry.Sender);
            Add(command, "@recipients", entry.Recipients);
            Add(command, "@size", entry.Size);
            Add(command, "@state", (short)Queued);
            Add(command, "@next", entry.NextAttempt.ToUnixTimeMilliseconds());
            Add(command, "@body", body.ToArray());
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>The stored body, or null when the message is unknown or its body was released.</summary>
    public Task<byte[]?> ReadBodyAsync(string queueId, CancellationToken cancellationToken = default) =>
        RunAsync(async ct =>
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT body FROM smgw_queue WHERE queue_id = @id";
            Add(command, "@id", queueId);
            var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return value is byte[] bytes ? bytes : null;
        }, cancellationToken);

    /// <summary>Records when the message is next due (the queue manager wakes its grain then).</summary>
    public Task ScheduleAsync(string queueId, DateTimeOffset nextAttempt, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "UPDATE smgw_queue SET next_attempt_ms = @next WHERE queue_id = @id AND state = 0",
            cancellationToken, ("@id", queueId), ("@next", nextAttempt.ToUnixTimeMilliseconds()));

    /// <summary>Marks the message done and releases its body.</summary>
    public Task CompleteAsync(string queueId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "UPDATE smgw_queue SET state = 1, completed_ms = @now, body = NULL WHERE queue_id = @id",
            cancellationToken, ("@id", queueId), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Queue ids whose next attempt is due.</summary>
    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>(async ct =>
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT queue_id FROM smgw_queue WHERE state = 0 AND next_attempt_ms <= @now ORDER BY next_attempt_ms LIMIT @limit";
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
        RunAsync(async ct =>
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM smgw_queue WHERE state = 0";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false));
        }, cancellationToken);

    /// <summary>The queue view: messages still queued (or all, with <paramref name="includeCompleted"/>), oldest first.</summary>
    public Task<IReadOnlyList<QueueEntry>> ListAsync(bool includeCompleted, int limit, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<QueueEntry>>(async ct =>
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT queue_id, received_ms, direction, tenant_id, sender, recipients, size, state, next_attempt_ms FROM smgw_queue " +
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

    private Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        RunAsync(async ct =>
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                Add(command, name, value);
            }
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        database.Provider == StorageProvider.Sqlite
            ? Task.Run(() => work(cancellationToken), cancellationToken)
            : work(cancellationToken);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
