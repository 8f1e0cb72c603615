using System.Diagnostics;
using System.Net;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// The all-in-one on a small file system (tmpfs) that is then filled: DATA is answered 451, readiness
/// says the gateway cannot commit (before: 200 while every DATA got 451), and both recover when
/// space returns. Nothing answered 250 is lost.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _mount = TestEnvironment.TempDirectory("diskfull");

    public async Task InitializeAsync() =>
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=48m,mode=0755", "tmpfs", _mount);

    public async Task DisposeAsync() => await RunAsync("umount", "-l", _mount);

    [Fact]
    public async Task A_full_disk_makes_the_gateway_unready_and_it_recovers_when_space_returns()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using (var gateway = new GatewayProcess(dataDirectory: Path.Combine(_mount, "data")))
        {
            await gateway.StartAsync();
            await gateway.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });
            Assert.StartsWith("250", await SendAsync(gateway, "before-full", 1024));
            await sink.WaitForAsync(1, TimeSpan.FromSeconds(60));

            var filler = Path.Combine(_mount, "filler");
            Fill(filler);

            // A message larger than what SQLite's journal can take from its own free pages.
            var refused = await SendAsync(gateway, "while-full", 8 * 1024 * 1024);
            Assert.StartsWith("451 4.3.0", refused);
            using (var ready = await gateway.Http.GetAsync("/health/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }
            Assert.Contains("Readiness (database): Unhealthy: Sqlite cannot commit", gateway.Output);

            File.Delete(filler);
            await Eventually.WaitAsync(async () => (await gateway.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "readiness after space returned");
            Assert.StartsWith("250", await SendAsync(gateway, "after-full", 8 * 1024 * 1024));
            var arrived = await sink.WaitForAsync(2, TimeSpan.FromSeconds(60));
            Assert.Contains(arrived, m => m.Message.Contains("Subject: after-full"));
            Assert.DoesNotContain(arrived, m => m.Message.Contains("Subject: while-full"));
        }
    }

    private static void Fill(string path)
    {
        var block = new byte[1024 * 1024];
        Random.Shared.NextBytes(block);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the file system is full to the last block but a few bytes.
        }
        // Also the last partial block.
        try
        {
            while (true)
            {
                stream.Write(block, 0, 512);
            }
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> SendAsync(GatewayProcess gateway, string subject, int size)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort);
        await smtp.SendAsync("EHLO outside.test");
        await smtp.SendAsync("MAIL FROM:<sender@outside.example>");
        await smtp.SendAsync("RCPT TO:<clerk@lds.example>");
        var line = new string('x', 76) + "\n";
        var body = string.Concat(Enumerable.Repeat(line, Math.Max(1, size / line.Length)));
        return await smtp.SendDataAsync($"Subject: {subject}\n\n{body}");
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error} (the test runs as root, as .ci/run does)");
    }
}
