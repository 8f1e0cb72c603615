using System.Diagnostics;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Cluster mode with the real processes: two silos and one standalone SMTP frontend (an Orleans
/// client) on PostgreSQL, chosen by configuration alone.
/// </summary>
public sealed class ClusterProcessTests
{
    [Fact]
    public async Task Two_silos_and_a_frontend_on_postgresql_carry_mail_and_survive_a_killed_silo()
    {
        var connectionString = await TestEnvironment.CreatePostgresDatabaseAsync("cluster");
        var clusterId = $"e2e-{Guid.NewGuid():N}"[..16];
        var gatewayPorts = new[] { TestEnvironment.FreePort(), TestEnvironment.FreePort() };
        Dictionary<string, string> Common() => new()
        {
            ["Smgw__Storage__Provider"] = "PostgreSql",
            ["Smgw__Storage__ConnectionString"] = connectionString,
            ["Smgw__Cluster__ClusterId"] = clusterId,
            ["Smgw__Queue__ResumeAfter"] = "00:00:05",
        };
        Dictionary<string, string> Silo(int i)
        {
            var settings = Common();
            settings["Smgw__Smtp__Enabled"] = "false";
            settings["Smgw__Cluster__GatewayPort"] = gatewayPorts[i].ToString();
            return settings;
        }

        await using var sink = await SmtpSink.StartAsync();
        await using var silo1 = new GatewayProcess(Silo(0));
        await using var silo2 = new GatewayProcess(Silo(1));
        await silo1.StartAsync();
        await silo2.StartAsync();
        await silo1.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });

        await using var frontend = new GatewayProcess(Common(), dll: GatewayProcess.FrontendDll);
        await frontend.StartFrontendAsync();

        await SendAsync(frontend.InboundPort, 20, "first");
        await sink.WaitForAsync(20, TimeSpan.FromSeconds(60));

        await silo1.KillAsync();
        await SendAsync(frontend.InboundPort, 20, "second");
        var all = await sink.WaitForAsync(40, TimeSpan.FromSeconds(90));
        Assert.Equal(40, all.Select(m => m.Header("Message-Id")).Distinct().Count());

        // The state lives in PostgreSQL: the surviving silo serves the queue view of every message.
        await Eventually.WaitAsync(async () => (await silo2.Http.GetStringAsync("/api/queue")) == "[]", TimeSpan.FromSeconds(60), "an empty queue");
    }

    private static async Task SendAsync(int port, int count, string helo)
    {
        var source = Process.Start(new ProcessStartInfo(TestEnvironment.SmtpSource)
        {
            ArgumentList = { "-s", "4", "-m", count.ToString(), "-l", "1024", "-f", "sender@outside.example", "-t", "clerk@lds.example", "-M", $"{helo}.test", $"127.0.0.1:{port}" },
            RedirectStandardError = true,
        })!;
        await source.WaitForExitAsync();
        Assert.True(source.ExitCode == 0, await source.StandardError.ReadToEndAsync());
    }
}
