using System.Diagnostics;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>
/// docker/prometheus/rules.yml is checked by Prometheus's own tool (Debian package prometheus, installed by
/// scripts/deps.sh): syntax with <c>promtool check rules</c>, behaviour with <c>promtool test rules</c>
/// against rules_test.yml, whose input series make every alert fire and not fire.
/// </summary>
public sealed class PrometheusRulesTests
{
    private static readonly string Promtool = Environment.GetEnvironmentVariable("SMGW_TEST_PROMTOOL") is { Length: > 0 } set ? set : "/usr/bin/promtool";

    private static string Directory => Path.Combine(TestEnvironment.RepositoryRoot, "docker", "prometheus");

    [Fact]
    public async Task Rules_are_valid()
    {
        var (exitCode, output) = await RunPromtoolAsync("check", "rules", "rules.yml");
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 15 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_unit_tests_pass()
    {
        var (exitCode, output) = await RunPromtoolAsync("test", "rules", "rules_test.yml");
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_is_exercised_by_the_rule_tests()
    {
        var rules = File.ReadAllText(Path.Combine(Directory, "rules.yml"));
        var tests = File.ReadAllText(Path.Combine(Directory, "rules_test.yml"));
        var alerts = rules.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("- alert: ", StringComparison.Ordinal))
            .Select(l => l["- alert: ".Length..].Trim())
            .ToList();
        Assert.Equal(["SmgwErrorBudgetBurnFast", "SmgwErrorBudgetBurnSlow", "SmgwWeeklyInterruptionNearCap", "SmgwWeeklyInterruptionCapBroken",
            "SmgwProcessDown", "SmgwNoSiloAnswers", "SmgwProbeSilent"], alerts);
        foreach (var alert in alerts)
        {
            // Each alert appears in the tests both firing (exp_alerts with labels) and quiet (exp_alerts: []).
            var blocks = tests.Split("alertname: " + alert + "\n").Skip(1).Select(b => b.TrimStart()).ToList();
            Assert.Contains(blocks, b => b.StartsWith("exp_alerts: []", StringComparison.Ordinal));
            Assert.Contains(blocks, b => b.StartsWith("exp_alerts:\n", StringComparison.Ordinal));
        }
    }

    private static async Task<(int ExitCode, string Output)> RunPromtoolAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: install Debian's prometheus package (scripts/deps.sh does).");
        var start = new ProcessStartInfo(Promtool)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
