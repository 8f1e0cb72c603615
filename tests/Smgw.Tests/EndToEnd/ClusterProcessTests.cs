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
        // Let the first batch's outcomes be recorded: a silo killed between the next hop's 250 and
        // that record delivers again (at-least-once), which is not what this test is about.
        await Eventually.WaitAsync(async () => (await silo1.Http.GetStringAsync("/api/queue")) == "[]", TimeSpan.FromSeconds(60), "the first batch to be recorded");

        // kill -9 a silo. Until the cluster declares it dead, a message whose grain would live there
        // gets 451 4.3.0; a sending MTA retries, as this loop does. Every 250 must arrive.
        await silo1.KillAsync();
        var accepted = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            accepted.Add(await SendUntilAcceptedAsync(frontend.InboundPort, $"after-kill-{i}-{Guid.NewGuid():N}"));
        }
        var all = await sink.WaitForAsync(30, TimeSpan.FromSeconds(120));
        Assert.Equal(30, all.Select(m => m.Header("Message-Id")).Distinct().Count());
        foreach (var subject in accepted)
        {
            Assert.Single(all, m => m.Message.Contains(subject));
        }

        // The state lives in PostgreSQL: the surviving silo serves the queue view of every message.
        await Eventually.WaitAsync(async () => (await silo2.Http.GetStringAsync("/api/queue")) == "[]", TimeSpan.FromSeconds(60), "an empty queue");
    }

    [Fact]
    public async Task A_frontend_whose_only_silo_is_dead_answers_from_the_directory_it_holds()
    {
        var connectionString = await TestEnvironment.CreatePostgresDatabaseAsync("directory");
        var settings = new Dictionary<string, string>
        {
            ["Smgw__Storage__Provider"] = "PostgreSql",
            ["Smgw__Storage__ConnectionString"] = connectionString,
            ["Smgw__Cluster__ClusterId"] = $"dir-{Guid.NewGuid():N}"[..16],
        };
        var siloSettings = new Dictionary<string, string>(settings) { ["Smgw__Smtp__Enabled"] = "false" };
        // A restarted silo keeps its ports, as under a service manager: it supersedes its dead self.
        siloSettings["Smgw__Cluster__SiloPort"] = TestEnvironment.FreePort().ToString();
        siloSettings["Smgw__Cluster__GatewayPort"] = TestEnvironment.FreePort().ToString();

        await using var sink = await SmtpSink.StartAsync();
        await using var silo = new GatewayProcess(siloSettings);
        await silo.StartAsync();
        await silo.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });
        await using var frontend = new GatewayProcess(settings, dll: GatewayProcess.FrontendDll);
        await frontend.StartFrontendAsync();
        await SendUntilAcceptedAsync(frontend.InboundPort, "before-the-kill");

        await silo.KillAsync();
        // The frontend's periodic refresh has failed since: its last good copy is older than the
        // one-second miss refresh, so the next miss tries the dead cluster.
        await Eventually.WaitAsync(() => Task.FromResult(frontend.Output.Contains("Refreshing the tenant directory failed")), TimeSpan.FromSeconds(60), "a failed periodic directory refresh");

        // Every sender domain outside the tenants is a directory miss; the refresh it triggers fails
        // (no silo). The frontend still knows its tenants: MAIL and RCPT are answered from that copy,
        // only the commit (which needs a silo) is deferred.
        for (var i = 0; i < 3; i++)
        {
            await using var smtp = await RawSmtpClient.ConnectAsync(frontend.InboundPort);
            await smtp.SendAsync("EHLO outside.test");
            Assert.StartsWith("250 ", await smtp.SendAsync($"MAIL FROM:<sender@elsewhere-{i}.example>"));
            Assert.StartsWith("550 5.7.1", await smtp.SendAsync($"RCPT TO:<someone@not-a-tenant-{i}.example>"));
            Assert.StartsWith("250 ", await smtp.SendAsync("RCPT TO:<clerk@lds.example>"));
            Assert.StartsWith("451 ", await smtp.SendDataAsync($"Subject: while-dead-{i}\n\nbody\n"));
        }
        // A sender in a tenant's domain is still refused from the held copy (anti-spoofing).
        await using (var smtp = await RawSmtpClient.ConnectAsync(frontend.InboundPort))
        {
            await smtp.SendAsync("EHLO outside.test");
            Assert.StartsWith("550 ", await smtp.SendAsync("MAIL FROM:<forged@lds.example>"));
        }

        // The silo comes back on the same database: mail flows again.
        await using var again = new GatewayProcess(siloSettings, dataDirectory: silo.DataDirectory);
        await again.StartAsync();
        await SendUntilAcceptedAsync(frontend.InboundPort, "after-the-restart");
        var arrived = await sink.WaitForAsync(2, TimeSpan.FromSeconds(60));
        Assert.Contains(arrived, m => m.Message.Contains("after-the-restart"));
        Assert.DoesNotContain(arrived, m => m.Message.Contains("while-dead"));
    }

    /// <summary>Sends one message like a sending MTA: a 4xx reply means try again (bounded by a deadline).</summary>
    internal static async Task<string> SendUntilAcceptedAsync(int port, string subject)
    {
        return await Eventually.WaitAsync(async () =>
        {
            await using var smtp = await RawSmtpClient.ConnectAsync(port);
            await smtp.SendAsync("EHLO retrying.test");
            await smtp.SendAsync("MAIL FROM:<sender@outside.example>");
            await smtp.SendAsync("RCPT TO:<clerk@lds.example>");
            var reply = await smtp.SendDataAsync($"Subject: {subject}\nMessage-ID: <{subject}@outside.example>\n\n{subject}\n");
            return reply.StartsWith("250", StringComparison.Ordinal) ? subject : null;
        }, TimeSpan.FromSeconds(120), $"{subject} to be accepted");
    }

    private static Task SendAsync(int port, int count, string helo) =>
        SmtpSource.SendAsync(port, count, sessions: 4, size: 1024, "clerk@lds.example", $"{helo}.test");
}
