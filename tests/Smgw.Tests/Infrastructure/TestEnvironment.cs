using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Smgw.Tests.Infrastructure;

/// <summary>What the tests need from the machine: PostgreSQL, Postfix's tools, free ports, the repository.</summary>
public static class TestEnvironment
{
    /// <summary>Set by scripts/test.sh (it starts a throwaway PostgreSQL).</summary>
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("SMGW_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("SMGW_TEST_POSTGRES is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");

    public static string SmtpSink => Tool("SMGW_TEST_SMTP_SINK", "/usr/sbin/smtp-sink");

    public static string SmtpSource => Tool("SMGW_TEST_SMTP_SOURCE", "/usr/sbin/smtp-source");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private const int FirstPort = 10_000;
    private const int EndPort = 32_000;
    private static int s_nextPort = FirstPort + Random.Shared.Next(EndPort - FirstPort);

    /// <summary>
    /// A loopback port nobody listens on right now, never handed out twice by this process. Taken
    /// below the kernel's ephemeral range (32768–60999 here): a port from there (bind to 0) can be
    /// taken by any outgoing connection of the many processes a test run starts before the server
    /// that was meant to get it binds it ("address already in use", seen in CI).
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < EndPort - FirstPort; attempt++)
        {
            var port = FirstPort + ((Interlocked.Increment(ref s_nextPort) - FirstPort) % (EndPort - FirstPort));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // in use: the next one
            }
        }
        throw new InvalidOperationException($"no free loopback port between {FirstPort} and {EndPort}");
    }

    /// <summary>A new, empty PostgreSQL database for one test class; returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// This test run's folder for temporary directories, <c>smgw-tests-{pid}</c> in the system temp
    /// folder, deleted when the test process exits (scripts/test.sh also sweeps the folders of runs
    /// that were killed). Without it every run left thousands of directories behind.
    /// </summary>
    private static readonly Lazy<string> s_runDirectory = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), $"smgw-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, (UnixFileMode)0x1ED); // 0755: smtp-sink (nobody) must reach its own folder inside
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // best effort: scripts/test.sh sweeps what is left
            }
        };
        return root;
    });

    /// <summary>A fresh directory in this run's temp folder, writable by everyone (smtp-sink runs as nobody).</summary>
    public static string TempDirectory(string prefix)
    {
        var path = Path.Combine(s_runDirectory.Value, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 21)]);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0x1FF);
        }
        return path;
    }

    private static string Tool(string variable, string fallback)
    {
        var path = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } set ? set : fallback;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: install Debian's postfix package (scripts/deps.sh does).");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Smgw.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Smgw.sln not found above " + AppContext.BaseDirectory);
    }
}
