using System.Data.Common;

namespace Smgw.Storage.Heartbeats;

/// <summary>The heartbeat rows (<c>smgw_heartbeats</c>): written by every process, read to derive when the gateway ran.</summary>
public sealed class HeartbeatStore(SmgwDatabase database)
{
    public async Task BeatAsync(Heartbeat beat, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO smgw_heartbeats (instance, roles, host, started_ms, last_ms, stopped) VALUES (@instance, @roles, @host, @started, @last, @stopped) " +
            "ON CONFLICT (instance) DO UPDATE SET last_ms = excluded.last_ms, stopped = excluded.stopped";
        Add(command, "@instance", beat.Instance);
        Add(command, "@roles", string.Join(',', beat.Roles));
        Add(command, "@host", beat.Host);
        Add(command, "@started", beat.Started.ToUnixTimeMilliseconds());
        Add(command, "@last", beat.Last.ToUnixTimeMilliseconds());
        Add(command, "@stopped", (short)(beat.Stopped ? 1 : 0));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Heartbeat>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT instance, roles, host, started_ms, last_ms, stopped FROM smgw_heartbeats ORDER BY started_ms";
        var rows = new List<Heartbeat>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new Heartbeat(
                reader.GetString(0),
                reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries),
                reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                Convert.ToInt32(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture) != 0));
        }
        return rows;
    }

    /// <summary>Removes the rows of processes whose last beat is older than <paramref name="before"/>.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM smgw_heartbeats WHERE last_ms < @before";
        Add(command, "@before", before.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
