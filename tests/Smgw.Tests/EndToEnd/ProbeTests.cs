using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// The synthetic probe in the real gateway: messages through both listeners to the probe mailbox,
/// an interruption recorded while delivery fails (with the reason, in the month's report), closed
/// when the probe gets through again.
/// </summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task A_failing_delivery_path_opens_an_interruption_and_recovery_closes_it()
    {
        var receiverPort = TestEnvironment.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Smgw__Probe__Enabled"] = "true",
            ["Smgw__Probe__Interval"] = "00:00:01",
            ["Smgw__Probe__Deadline"] = "00:00:15", // generous: a cold gateway on a busy machine is slow at first
            ["Smgw__Probe__ReceiverListen"] = $"127.0.0.1:{receiverPort}",
        };
        await using var probed = new GatewayProcess(settings);
        // the health URL names the gateway's own port, chosen by GatewayProcess
        probed.Configure("Smgw__Probe__HealthEndpoints__0", $"http://127.0.0.1:{probed.HttpPort}/health/live");
        await probed.StartAsync();
        await probed.PutTenantAsync("lds", new { domains = new[] { "lds.example" } });

        var healthy = await Eventually.WaitAsync(async () =>
        {
            var text = await probed.Http.GetStringAsync("/metrics");
            return text.Contains("smgw_probe_success{target=\"local\",direction=\"inbound\"} 1")
                && text.Contains("smgw_probe_success{target=\"local\",direction=\"outbound\"} 1")
                && text.Contains("smgw_probe_success{target=\"orleans\",direction=\"membership\"} 1")
                && text.Contains($"smgw_probe_success{{target=\"http://127.0.0.1:{probed.HttpPort}/health/live\",direction=\"health\"}} 1")
                ? text : null;
        }, TimeSpan.FromSeconds(60), "a successful probe round");
        Assert.Contains("smgw_probe_latency_seconds_count{direction=\"inbound\"}", healthy);
        Assert.Contains("smgw_probe_success_total{tenant=\"all\",direction=\"outbound\"}", healthy);

        var period = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var clean = await probed.Http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}");
        Assert.Empty(clean.GetProperty("outages").EnumerateArray());
        Assert.Equal(0, clean.GetProperty("overall").GetProperty("countedDowntimeMinutes").GetDouble());
        // the probe's own tenant is not accounted for
        Assert.False(clean.GetProperty("tenants").TryGetProperty("smgw-probe", out _));
        Assert.True(clean.GetProperty("tenants").TryGetProperty("lds", out _));

        // The probe tenant's mail server moves to a port where nobody listens: delivery fails.
        var deadPort = TestEnvironment.FreePort();
        await probed.PutTenantAsync("smgw-probe", new { domains = new[] { "probe.smgw.invalid" }, relayAddresses = new[] { "127.0.0.1" }, internalServer = $"127.0.0.1:{deadPort}" });
        var broken = await Eventually.WaitAsync(async () =>
        {
            var report = await probed.Http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}");
            return report.GetProperty("outages").EnumerateArray().Any(o => o.GetProperty("ongoing").GetBoolean()) ? (JsonElement?)report : null;
        }, TimeSpan.FromSeconds(60), "an ongoing interruption in the report");
        var outage = Assert.Single(broken.GetProperty("outages").EnumerateArray());
        Assert.Equal("probe", outage.GetProperty("recordedBy").GetString());
        Assert.Contains("not delivered within", outage.GetProperty("whatFailed").GetString());
        Assert.Contains("frontend local inbound", outage.GetProperty("whatFailed").GetString());
        Assert.Empty(outage.GetProperty("tenants").EnumerateArray()); // all tenants
        await Eventually.WaitAsync(async () =>
        {
            var text = await probed.Http.GetStringAsync("/metrics");
            return text.Contains("smgw_probe_success{target=\"local\",direction=\"inbound\"} 0") && !text.Contains("smgw_sla_current_outage_seconds 0\n");
        }, TimeSpan.FromSeconds(30), "the failure in /metrics");

        // Repaired: the next clean round closes the interruption; the report counts it for every tenant.
        await probed.PutTenantAsync("smgw-probe", new { domains = new[] { "probe.smgw.invalid" }, relayAddresses = new[] { "127.0.0.1" }, internalServer = $"127.0.0.1:{receiverPort}" });
        var recovered = await Eventually.WaitAsync(async () =>
        {
            var report = await probed.Http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}");
            var outages = report.GetProperty("outages").EnumerateArray().ToList();
            return outages.Count == 1 && !outages[0].GetProperty("ongoing").GetBoolean() ? (JsonElement?)report : null;
        }, TimeSpan.FromSeconds(60), "the interruption to be closed");
        var closed = recovered.GetProperty("outages")[0];
        Assert.True(closed.GetProperty("end").GetDateTimeOffset() > closed.GetProperty("start").GetDateTimeOffset());
        Assert.True(recovered.GetProperty("overall").GetProperty("countedDowntimeMinutes").GetDouble() > 0);
        Assert.True(recovered.GetProperty("tenants").GetProperty("lds").GetProperty("countedDowntimeMinutes").GetDouble() > 0);
    }

    [Fact]
    public async Task In_a_cluster_a_stopped_frontend_is_an_interruption_of_all_tenants_until_it_is_back()
    {
        var connectionString = await TestEnvironment.CreatePostgresDatabaseAsync("probe");
        Dictionary<string, string> Common() => new()
        {
            ["Smgw__Storage__Provider"] = "PostgreSql",
            ["Smgw__Storage__ConnectionString"] = connectionString,
            ["Smgw__Cluster__ClusterId"] = $"probe-{Guid.NewGuid():N}"[..16],
        };
        var common = Common();
        await using var frontend = new GatewayProcess(new Dictionary<string, string>(common), dll: GatewayProcess.FrontendDll);
        var silo = new Dictionary<string, string>(common)
        {
            ["Smgw__Smtp__Enabled"] = "false",
            ["Smgw__Probe__Enabled"] = "true",
            ["Smgw__Probe__Interval"] = "00:00:01",
            ["Smgw__Probe__Deadline"] = "00:00:05",
            ["Smgw__Probe__Frontends__0__Name"] = "fe1",
            ["Smgw__Probe__Frontends__0__Internet"] = $"127.0.0.1:{frontend.InboundPort}",
            ["Smgw__Probe__Frontends__0__Tenant"] = $"127.0.0.1:{frontend.SubmissionPort}",
            ["Smgw__Probe__HealthEndpoints__0"] = $"http://{frontend.Settings["Smgw__Frontend__MetricsListen"]}/metrics",
        };
        await using var gateway = new GatewayProcess(silo);
        await gateway.StartAsync();
        await gateway.PutTenantAsync("lds", new { domains = new[] { "lds.example" } });
        await frontend.StartFrontendAsync();

        var period = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        async Task<List<JsonElement>> OutagesAsync() =>
            (await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}")).GetProperty("outages").EnumerateArray().ToList();
        await Eventually.WaitAsync(async () =>
        {
            var text = await gateway.Http.GetStringAsync("/metrics");
            return text.Contains("smgw_probe_success{target=\"fe1\",direction=\"inbound\"} 1") && text.Contains("smgw_probe_success{target=\"fe1\",direction=\"outbound\"} 1");
        }, TimeSpan.FromSeconds(90), "the probe through the standalone frontend");
        // the frontend may have come up after the probe's first rounds: that interruption ends once it works
        await Eventually.WaitAsync(async () => (await OutagesAsync()).All(o => !o.GetProperty("ongoing").GetBoolean()), TimeSpan.FromSeconds(30), "no ongoing interruption");
        var before = (await OutagesAsync()).Count;

        // the frontend stops (SIGTERM): both listeners and its /metrics are gone
        frontend.Terminate();
        await frontend.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var down = await Eventually.WaitAsync(async () =>
            (await OutagesAsync()).Skip(before).FirstOrDefault(o => o.GetProperty("ongoing").GetBoolean()) is { ValueKind: JsonValueKind.Object } o ? (JsonElement?)o : null,
            TimeSpan.FromSeconds(60), "an interruption while the frontend is down");
        var reason = down.GetProperty("whatFailed").GetString()!;
        Assert.Contains($"frontend fe1 inbound (127.0.0.1:{frontend.InboundPort})", reason);
        Assert.Contains("frontend fe1 outbound", reason);
        Assert.Empty(down.GetProperty("tenants").EnumerateArray());

        // back on the same ports: the next clean round ends it
        await frontend.StartFrontendAsync();
        await Eventually.WaitAsync(async () =>
        {
            var outages = await OutagesAsync();
            return outages.Count == before + 1 && !outages[^1].GetProperty("ongoing").GetBoolean();
        }, TimeSpan.FromSeconds(90), "the interruption to end");
        var report = await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}&tenant=lds");
        Assert.True(report.GetProperty("tenants").GetProperty("lds").GetProperty("countedDowntimeMinutes").GetDouble() > 0);
        Assert.Contains(report.GetProperty("interruptions").EnumerateArray(), i => i.GetProperty("reason").GetString()!.Contains("frontend fe1 inbound"));
    }

    [Fact]
    public async Task A_wrong_probe_setting_stops_the_gateway_with_its_name()
    {
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Probe__Enabled"] = "true",
            ["Smgw__Probe__ReceiverListen"] = "nowhere",
        });
        gateway.Launch();
        Assert.NotEqual(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Smgw:Probe:ReceiverListen", gateway.Output);
    }

    [Fact]
    public async Task A_probe_mailbox_port_in_use_stops_the_gateway_with_the_setting()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Probe__Enabled"] = "true",
            ["Smgw__Probe__ReceiverListen"] = $"127.0.0.1:{port}",
        });
        gateway.Launch();
        Assert.NotEqual(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains($"Smgw:Probe:ReceiverListen 127.0.0.1:{port} cannot be bound", gateway.Output);
    }
}
