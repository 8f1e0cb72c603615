using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>
/// docker/grafana/dashboards/smgw-sla.json and docker/prometheus/prometheus.yml: the config passes
/// <c>promtool check config</c>, every dashboard query passes <c>promtool check rules</c> (as a
/// recording rule in a temporary file) and uses only metric names the gateway really exposes
/// (scraped from a running gateway with the probe on) or the recording rules produce.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly string Promtool = Environment.GetEnvironmentVariable("SMGW_TEST_PROMTOOL") is { Length: > 0 } set ? set : "/usr/bin/promtool";

    private static string Docker => Path.Combine(TestEnvironment.RepositoryRoot, "docker");

    [Fact]
    public async Task Prometheus_config_is_valid_and_scrapes_every_process()
    {
        var (code, output) = await RunAsync(Path.Combine(Docker, "prometheus"), "check", "config", "prometheus.yml");
        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output);
        var config = await File.ReadAllTextAsync(Path.Combine(Docker, "prometheus", "prometheus.yml"));
        foreach (var target in new[] { "silo1:8080", "silo2:8080", "frontend1:9464", "frontend2:9464" })
        {
            Assert.Contains($"\"{target}\"", config);
        }
    }

    [Fact]
    public async Task Every_dashboard_query_is_valid_promql_over_metrics_the_gateway_exposes()
    {
        var expressions = Expressions();
        Assert.True(expressions.Count >= 15, $"{expressions.Count} queries");

        // promtool parses each query as a recording rule ($tenant is Grafana's variable; inside a label matcher it is a plain string)
        var rules = Path.Combine(TestEnvironment.TempDirectory("dash"), "dashboard-rules.yml");
        await File.WriteAllLinesAsync(rules, new[] { "groups:", "  - name: dashboard", "    rules:" }
            .Concat(expressions.SelectMany((e, i) => new[] { $"      - record: smgw:dashboard_check_{i}", $"        expr: {JsonSerializer.Serialize(e)}" })));
        var (code, output) = await RunAsync(Path.GetDirectoryName(rules)!, "check", "rules", rules);
        Assert.True(code == 0, output);
        Assert.Contains($"SUCCESS: {expressions.Count} rules found", output);

        // what the product exposes: a real gateway with the probe on, after one good probe round (mail went both ways)
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Probe__Enabled"] = "true",
            ["Smgw__Probe__Interval"] = "00:00:01",
            ["Smgw__Probe__Deadline"] = "00:00:10",
            ["Smgw__Reminders__Interval"] = "00:00:01",
        });
        await gateway.StartAsync();
        var scraped = await Eventually.WaitAsync(async () =>
        {
            var text = await gateway.Http.GetStringAsync("/metrics");
            return text.Contains("smgw_probe_success_total{tenant=\"all\",direction=\"outbound\"}") && text.Contains("smgw_sla_availability_ratio{")
                ? text : null;
        }, TimeSpan.FromSeconds(60), "a probe round and the SLA gauges");
        var exposed = TypeLine().Matches(scraped).Select(m => m.Groups[1].Value).ToHashSet();
        var recorded = RecordLine().Matches(await File.ReadAllTextAsync(Path.Combine(Docker, "prometheus", "rules.yml"))).Select(m => m.Groups[1].Value);
        var known = exposed.Concat(recorded).ToHashSet();

        var used = expressions.SelectMany(MetricNames).ToHashSet();
        var unknown = used.Where(name => !known.Contains(name) && !known.Contains(HistogramBase(name))).ToList();
        Assert.True(unknown.Count == 0, $"metrics used by the dashboard but not exposed: {string.Join(", ", unknown)}");
        // and the dashboard covers what the issue asks for: availability, budget, interruptions, traffic, queue, probe
        foreach (var name in new[] { "smgw_sla_availability_ratio", "smgw_sla_error_budget_remaining_ratio", "smgw_sla_longest_interruption_week_seconds",
                     "smgw_sla_current_outage_seconds", "smgw_messages_accepted_total", "smgw_queue_depth", "smgw_probe_success", "smgw_probe_latency_seconds_bucket" })
        {
            Assert.Contains(name, used);
        }
    }

    [Fact]
    public void The_dashboard_uses_the_provisioned_data_source()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Docker, "grafana", "dashboards", "smgw-sla.json")));
        var datasource = File.ReadAllText(Path.Combine(Docker, "grafana", "provisioning", "datasources", "prometheus.yml"));
        Assert.Contains("uid: smgw-prometheus", datasource);
        var uids = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.GetProperty("type").GetString() != "row")
            .Select(p => p.GetProperty("datasource").GetProperty("uid").GetString())
            .Distinct();
        Assert.Equal(["smgw-prometheus"], uids);
        Assert.Equal("smgw-sla", dashboard.RootElement.GetProperty("uid").GetString());
    }

    private static List<string> Expressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Docker, "grafana", "dashboards", "smgw-sla.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
    }

    /// <summary>The metric names in a PromQL expression: identifiers that are neither functions, keywords, label names nor strings.</summary>
    public static IEnumerable<string> MetricNames(string expression)
    {
        var stripped = Strings().Replace(expression, "\"\"");
        stripped = Matchers().Replace(stripped, "");
        stripped = Ranges().Replace(stripped, "");
        stripped = Grouping().Replace(stripped, "");
        return Identifier().Matches(stripped)
            .Where(m => !(m.Index + m.Length < stripped.Length && stripped[(m.Index + m.Length)..].TrimStart().StartsWith('(')))
            .Select(m => m.Value)
            .Where(v => v is not ("by" or "without" or "on" or "ignoring" or "group_left" or "group_right" or "bool" or "and" or "or" or "unless" or "offset" or "inf" or "nan"))
            .Where(v => !char.IsDigit(v[0]));
    }

    private static string HistogramBase(string name) =>
        name.EndsWith("_bucket", StringComparison.Ordinal) ? name[..^7]
        : name.EndsWith("_count", StringComparison.Ordinal) ? name[..^6]
        : name.EndsWith("_sum", StringComparison.Ordinal) ? name[..^4]
        : name;

    private static async Task<(int Code, string Output)> RunAsync(string directory, params string[] arguments)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install Debian's prometheus package (scripts/deps.sh does).");
        var start = new ProcessStartInfo(Promtool) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^\s*- record: ([a-zA-Z_:][a-zA-Z0-9_:]*)", RegexOptions.Multiline)]
    private static partial Regex RecordLine();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
