using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>The all-in-one's data directory holds every message body and the keys: nobody but the gateway's user may read it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFilesTests
{
    private const UnixFileMode GroupOrOther = (UnixFileMode)0x3F; // 0077

    [Fact]
    public async Task The_database_its_journal_and_the_keys_are_created_private()
    {
        var data = Path.Combine(TestEnvironment.TempDirectory("files"), "data");
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = new GatewayProcess(dataDirectory: data);
        await gateway.StartAsync();
        await gateway.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });
        await SendAsync(gateway, "private-files");
        await sink.WaitForAsync(1, TimeSpan.FromSeconds(60));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        // While the gateway runs in WAL mode, the journal exists beside the database.
        Assert.True(File.Exists(Path.Combine(data, "smgw.db-wal")), "smgw.db-wal exists while the gateway runs");
        var files = Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories).Select(p => (Path: Path.GetRelativePath(data, p), Mode: File.GetUnixFileMode(p))).ToList();
        Assert.Contains(files, f => f.Path == "smgw.db");
        Assert.Contains(files, f => f.Path == "master.key");
        Assert.Contains(files, f => f.Path == Path.Combine("tls", "self-signed.pfx"));
        Assert.All(files, f => Assert.True((f.Mode & GroupOrOther) == 0, $"{f.Path} is {Convert.ToString((int)f.Mode, 8)}"));
    }

    [Fact]
    public async Task A_database_left_readable_by_an_older_version_is_tightened_at_start()
    {
        await using var first = new GatewayProcess();
        await first.StartAsync();
        first.Terminate();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var database = Path.Combine(first.DataDirectory, "smgw.db");
        File.SetUnixFileMode(database, (UnixFileMode)0x1A4); // 0644

        await using var again = new GatewayProcess(dataDirectory: first.DataDirectory);
        await again.StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
        Assert.Contains($"{database} was readable by other users; its mode is now 0600", again.Output);
        Assert.True((File.GetUnixFileMode(database + "-wal") & GroupOrOther) == 0);
    }

    private static async Task SendAsync(GatewayProcess gateway, string subject)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort);
        await smtp.SendAsync("EHLO outside.test");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<sender@outside.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@lds.example>"));
        Assert.StartsWith("250", await smtp.SendDataAsync($"Subject: {subject}\n\n{subject}\n"));
    }
}
