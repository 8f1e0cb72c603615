using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Issue G §1/§4 in a cluster (two silos and a standalone SMTP frontend on PostgreSQL): the service
/// is down when no silo could process mail or no frontend could accept it, derived from the
/// heartbeat rows. One of two silos dying is not downtime; both dying is, from the last beat of the
/// last silo to the first beat after a silo came back.
/// </summary>
public sealed class ClusterDowntimeTests
{
    private static readonly TimeSpan AllowedSilence = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task One_of_two_silos_dead_is_not_downtime_both_dead_counts_from_the_last_beat_to_the_restart()
    {
        var connectionString = await TestEnvironment.CreatePostgresDatabaseAsync("downtime");
        Dictionary<string, string> Common() => new()
        {
            ["Smgw__Storage__Provider"] = "PostgreSql",
            ["Smgw__Storage__ConnectionString"] = connectionString,
            ["Smgw__Cluster__ClusterId"] = $"dt-{Guid.NewGuid():N}"[..16],
            ["Smgw__Availability__HeartbeatInterval"] = "00:00:01",
            ["Smgw__Availability__AllowedSilence"] = "00:00:03",
            // A workflow that reached a grain on the killed silo resumes soon after the cluster declared it dead.
            ["Smgw__Queue__ResumeAfter"] = "00:00:05",
        };
        var common = Common();
        // A restarted silo keeps its ports, as under a service manager: it supersedes its dead self.
        Dictionary<string, string> Silo() => new(common)
        {
            ["Smgw__Smtp__Enabled"] = "false",
            ["Smgw__Cluster__SiloPort"] = TestEnvironment.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Smgw__Cluster__GatewayPort"] = TestEnvironment.FreePort().ToString(CultureInfo.InvariantCulture),
        };

        await using var sink = await SmtpSink.StartAsync();
        var silo2Settings = Silo();
        await using var silo1 = new GatewayProcess(Silo());
        await using var silo2 = new GatewayProcess(silo2Settings);
        await silo1.StartAsync();
        await silo2.StartAsync();
        await silo1.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });
        await using var frontend = new GatewayProcess(common, dll: GatewayProcess.FrontendDll);
        await frontend.StartFrontendAsync();
        await Eventually.WaitAsync(async () => (await Processes(silo2)).Count(p => p.GetProperty("running").GetBoolean()) == 3, TimeSpan.FromSeconds(30), "three running processes on record");

        // One of two silos dies and stays dead for longer than the allowed silence: the other silo
        // still beats, so the service is up. Mail still flows through the frontend.
        await silo1.KillAsync();
        var oneDown = Stopwatch.StartNew();
        await ClusterProcessTests.SendUntilAcceptedAsync(frontend.InboundPort, "one-silo-left");
        await sink.WaitForAsync(1, TimeSpan.FromSeconds(120));
        // The silence under test: three times the allowed one, so the surviving silo's evaluation
        // (every interval) has seen it exceeded for several rounds.
        var wait = AllowedSilence * 3 - oneDown.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        var period = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Single(await Processes(silo2), p => !p.GetProperty("running").GetBoolean());
        var afterOne = await Eventually.WaitAsync(async () => (JsonElement?)await silo2.Http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}"), TimeSpan.FromSeconds(60), "the report");
        Assert.DoesNotContain(afterOne.GetProperty("outages").EnumerateArray(), o => o.GetProperty("recordedBy").GetString() == "heartbeat");
        Assert.Equal(0, afterOne.GetProperty("overall").GetProperty("countedDowntimeMinutes").GetDouble());

        // Now the last silo dies: nothing can process mail, whatever the frontend does.
        var killed = DateTimeOffset.UtcNow;
        await silo2.KillAsync();
        var down = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(8)); // the outage under test: a measured while with no silo

        await using var again = new GatewayProcess(silo2Settings, dataDirectory: silo2.DataDirectory);
        var restarting = DateTimeOffset.UtcNow;
        await again.StartAsync();
        var ready = DateTimeOffset.UtcNow;
        down.Stop();

        var outage = await GatewayDowntimeTests.AssertDerivedOutageAsync(again, killed, restarting, ready, down.Elapsed, TimeSpan.FromSeconds(8));
        Assert.Equal("gateway not running: no silo wrote a heartbeat (mail could not be processed)", outage.GetProperty("whatFailed").GetString());
    }

    private static async Task<List<JsonElement>> Processes(GatewayProcess gateway) =>
        await Eventually.WaitAsync(async () => (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sla/processes")).EnumerateArray().ToList(), TimeSpan.FromSeconds(30), "the process list");
}
