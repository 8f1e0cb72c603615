using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Smgw.Storage;

/// <summary>
/// Group commit for the message store: one long-lived connection executes every queued write,
/// as many as have queued up, in one transaction, so concurrent SMTP sessions and workflows share
/// a commit (one fsync) instead of each paying for its own and contending for SQLite's lock.
/// A write's task completes only after its transaction committed. When a batch fails, each write
/// is retried alone so one bad write cannot fail the others; a failed connection is replaced.
/// </summary>
public sealed class BatchWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly SmgwDatabase _database;
    private readonly ILogger _logger;
    private readonly Channel<Write> _writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private DbConnection? _connection;

    public BatchWriter(SmgwDatabase database, ILogger logger)
    {
        _database = database;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues one statement; completes with the number of rows it changed once committed.</summary>
    public Task<int> ExecuteAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken = default)
    {
        var write = new Write(sql, parameters, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_writes.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(BatchWriter));
        }
        return write.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task LoopAsync()
    {
        var batch = new List<Write>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            try
            {
                var changed = await CommitAsync(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(changed[i]);
                }
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                _logger.LogWarning(ex, "A batch of {Count} message-store writes failed; retrying them one by one", batch.Count);
                foreach (var write in batch)
                {
                    try
                    {
                        write.Done.TrySetResult((await CommitAsync([write]).ConfigureAwait(false))[0]);
                    }
                    catch (Exception single)
                    {
                        write.Done.TrySetException(single);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
            batch.Clear();
        }
    }

    private async Task<int[]> CommitAsync(IReadOnlyList<Write> batch)
    {
        try
        {
            _connection ??= await _database.OpenAsync().ConfigureAwait(false);
            await using var transaction = await _connection.BeginTransactionAsync().ConfigureAwait(false);
            var changed = new int[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                await using var command = _connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = batch[i].Sql;
                foreach (var (name, value) in batch[i].Parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
                changed[i] = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            await transaction.CommitAsync().ConfigureAwait(false);
            return changed;
        }
        catch
        {
            // Whatever state the connection is in (an open transaction, a broken socket), start afresh.
            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
            throw;
        }
    }

    private sealed record Write(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters, TaskCompletionSource<int> Done);
}
