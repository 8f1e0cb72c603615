using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Issue G §1/§4: a dead gateway is down. Before, the all-in-one killed with SIGKILL for 183 s
/// counted 0 s: only a living process opened interruptions. The heartbeat rows are the evidence.
/// </summary>
public sealed class GatewayDowntimeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static Dictionary<string, string> Settings() => new()
    {
        ["Smgw__Availability__HeartbeatInterval"] = "00:00:01",
        ["Smgw__Availability__AllowedSilence"] = "00:00:03",
    };

    [Fact]
    public async Task The_all_in_one_killed_and_kept_down_counts_that_time_within_one_heartbeat()
    {
        await using var first = new GatewayProcess(Settings());
        await first.StartAsync();
        await first.PutTenantAsync("lds", new { domains = new[] { "lds.example" } });
        // The process has written heartbeats (it is on record as running).
        await Eventually.WaitAsync(async () => (await Processes(first)).Any(p => p.GetProperty("running").GetBoolean()), TimeSpan.FromSeconds(30), "a running process on record");

        var killed = DateTimeOffset.UtcNow;
        await first.KillAsync();
        // The outage under test: the gateway stays dead for a measured while (not a wait for a condition).
        var down = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(8));

        await using var again = new GatewayProcess(Settings(), dataDirectory: first.DataDirectory);
        var restarting = DateTimeOffset.UtcNow;
        await again.StartAsync();
        var ready = DateTimeOffset.UtcNow;
        down.Stop();

        var outage = await AssertDerivedOutageAsync(again, killed, restarting, ready, down.Elapsed, TimeSpan.FromSeconds(8));
        Assert.StartsWith("gateway not running", outage.GetProperty("whatFailed").GetString());

        // The previous process is on record as not running, the new one as running.
        var processes = await Processes(again);
        Assert.Equal(2, processes.Count);
        Assert.Single(processes, p => p.GetProperty("running").GetBoolean());
    }

    /// <summary>
    /// The one interruption derived from the heartbeats: from the last beat before <paramref name="killed"/>
    /// (at most one interval earlier) to the first beat after the restart, and counted for as long as the gateway was down.
    /// </summary>
    internal static async Task<JsonElement> AssertDerivedOutageAsync(GatewayProcess gateway, DateTimeOffset killed, DateTimeOffset restarting, DateTimeOffset ready, TimeSpan down, TimeSpan keptDown)
    {
        var period = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var report = await Eventually.WaitAsync(async () =>
        {
            var r = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}");
            return r.GetProperty("outages").EnumerateArray().Any(o => o.GetProperty("recordedBy").GetString() == "heartbeat" && !o.GetProperty("ongoing").GetBoolean()) ? (JsonElement?)r : null;
        }, TimeSpan.FromSeconds(60), "the interruption derived from the heartbeats");

        var outage = Assert.Single(report.GetProperty("outages").EnumerateArray(), o => o.GetProperty("recordedBy").GetString() == "heartbeat");
        Assert.InRange(outage.GetProperty("start").GetDateTimeOffset(), killed - Interval - TimeSpan.FromMilliseconds(500), killed);
        Assert.InRange(outage.GetProperty("end").GetDateTimeOffset(), restarting, ready + Interval);
        var counted = TimeSpan.FromMinutes(report.GetProperty("overall").GetProperty("countedDowntimeMinutes").GetDouble());
        Assert.True(counted >= keptDown && counted <= down + Interval + TimeSpan.FromSeconds(1),
            $"counted {counted.TotalSeconds:0.0} s for {down.TotalSeconds:0.0} s down");
        return outage;
    }

    private static async Task<List<JsonElement>> Processes(GatewayProcess gateway) =>
        (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sla/processes")).EnumerateArray().ToList();
}
