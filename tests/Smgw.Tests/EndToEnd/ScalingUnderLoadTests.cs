using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Operations (issue D §4) with the real processes on PostgreSQL: while Postfix's smtp-source keeps
/// sending, a second silo and a second frontend join; then the first frontend is taken out of
/// rotation and stopped (SIGTERM), and the first silo is stopped (SIGTERM) under load. smtp-source
/// aborts on any 4xx or 5xx reply, so every batch finishing proves no failed SMTP transaction;
/// smtp-sink's capture proves every accepted message arrived exactly once.
/// </summary>
public sealed class ScalingUnderLoadTests
{
    private const int Batch = 10;

    [Fact]
    public async Task Silos_and_frontends_join_and_leave_under_load_without_a_failed_transaction_or_a_lost_message()
    {
        var connectionString = await TestEnvironment.CreatePostgresDatabaseAsync("scaling");
        var clusterId = $"scale-{Guid.NewGuid():N}"[..16];
        Dictionary<string, string> Common() => new()
        {
            ["Smgw__Storage__Provider"] = "PostgreSql",
            ["Smgw__Storage__ConnectionString"] = connectionString,
            ["Smgw__Cluster__ClusterId"] = clusterId,
            ["Smgw__Queue__ResumeAfter"] = "00:00:05",
            ["Smgw__Smtp__ShutdownGrace"] = "00:00:10",
        };
        Dictionary<string, string> Silo()
        {
            var settings = Common();
            settings["Smgw__Smtp__Enabled"] = "false";
            settings["Smgw__Cluster__GatewayPort"] = TestEnvironment.FreePort().ToString();
            return settings;
        }

        await using var sink = await SmtpSink.StartAsync();
        await using var silo1 = new GatewayProcess(Silo());
        await silo1.StartAsync();
        await silo1.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });
        await using var frontend1 = new GatewayProcess(Common(), dll: GatewayProcess.FrontendDll);
        await frontend1.StartFrontendAsync();

        var accepted = 0;
        var batches = new List<string>();
        using var stopLoad1 = new CancellationTokenSource();
        using var stopLoad2 = new CancellationTokenSource();
        async Task LoadAsync(GatewayProcess frontend, string name, CancellationToken stop)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // smtp-source exits non-zero on any 4xx/5xx reply: a finished batch is Batch accepted messages
                await SmtpSource.SendAsync(frontend.InboundPort, Batch, sessions: 2, size: 512, "clerk@lds.example", $"{name}-{i}.test");
                Interlocked.Add(ref accepted, Batch);
                lock (batches)
                {
                    batches.Add($"{name}-{i}");
                }
            }
        }
        int BatchesOf(string name)
        {
            lock (batches)
            {
                return batches.Count(b => b.StartsWith(name + "-", StringComparison.Ordinal));
            }
        }

        var load1 = LoadAsync(frontend1, "fe1", stopLoad1.Token);
        await Eventually.WaitAsync(() => BatchesOf("fe1") >= 1 || load1.IsFaulted, TimeSpan.FromSeconds(60), "load through frontend 1");

        // scale out under load: a second silo, a second frontend
        await using var silo2 = new GatewayProcess(Silo());
        await silo2.StartAsync();
        await using var frontend2 = new GatewayProcess(Common(), dll: GatewayProcess.FrontendDll);
        await frontend2.StartFrontendAsync();
        var load2 = LoadAsync(frontend2, "fe2", stopLoad2.Token);
        var before = BatchesOf("fe1");
        await Eventually.WaitAsync(() => (BatchesOf("fe2") >= 1 && BatchesOf("fe1") > before) || load1.IsFaulted || load2.IsFaulted,
            TimeSpan.FromSeconds(90), "load through both frontends");

        // scale in: frontend 1 out of rotation (its last batch finishes), then stopped
        await stopLoad1.CancelAsync();
        await load1;
        frontend1.Terminate();
        Assert.Equal(0, await frontend1.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        // silo 1 stopped while frontend 2 keeps sending
        var beforeSiloStop = BatchesOf("fe2");
        silo1.Terminate();
        Assert.Equal(0, await silo1.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        await Eventually.WaitAsync(() => BatchesOf("fe2") >= beforeSiloStop + 3 || load2.IsFaulted, TimeSpan.FromSeconds(120), "load after silo 1 left");
        await stopLoad2.CancelAsync();
        await load2;

        var total = Volatile.Read(ref accepted);
        var delivered = await sink.WaitForAsync(total, TimeSpan.FromSeconds(120));
        await Eventually.WaitAsync(async () => (await silo2.Http.GetStringAsync("/api/queue")) == "[]", TimeSpan.FromSeconds(120), "an empty queue");
        delivered = sink.Messages();
        Assert.Equal(total, delivered.Count);
        Assert.Equal(total, delivered.Select(m => m.Header("Message-Id")).Distinct().Count());
        Assert.True(BatchesOf("fe1") >= 2 && BatchesOf("fe2") >= 4, string.Join(", ", batches));
    }
}
