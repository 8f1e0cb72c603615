using System.Diagnostics;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>There is no Docker engine here; docker-compose's own parser checks the cluster file.</summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task The_compose_file_is_valid_and_describes_postgres_two_silos_two_frontends_prometheus_and_grafana()
    {
        var compose = Path.Combine(TestEnvironment.RepositoryRoot, "docker", "docker-compose.yml");
        var start = new ProcessStartInfo("/usr/bin/docker-compose")
        {
            ArgumentList = { "-f", compose, "config", "--services" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var services = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
        Assert.Equal(["frontend1", "frontend2", "grafana", "messenger", "postgres", "prometheus", "silo1", "silo2"], services.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task Prometheus_and_grafana_get_the_rules_and_the_provisioned_dashboard()
    {
        var compose = Path.Combine(TestEnvironment.RepositoryRoot, "docker", "docker-compose.yml");
        var start = new ProcessStartInfo("/usr/bin/docker-compose")
        {
            ArgumentList = { "-f", compose, "config" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var resolved = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);

        var docker = Path.Combine(TestEnvironment.RepositoryRoot, "docker");
        // the mounted folders exist and hold what the services read
        Assert.Contains($"{docker}/prometheus:/etc/prometheus:ro", resolved);
        Assert.Contains($"{docker}/grafana/provisioning:/etc/grafana/provisioning:ro", resolved);
        Assert.Contains($"{docker}/grafana/dashboards:/var/lib/grafana/dashboards:ro", resolved);
        Assert.True(File.Exists(Path.Combine(docker, "prometheus", "prometheus.yml")));
        Assert.True(File.Exists(Path.Combine(docker, "grafana", "provisioning", "datasources", "prometheus.yml")));
        Assert.True(File.Exists(Path.Combine(docker, "grafana", "provisioning", "dashboards", "smgw.yml")));
        Assert.True(File.Exists(Path.Combine(docker, "grafana", "dashboards", "smgw-sla.json")));
        // the probe runs on silo1 through both frontends
        Assert.Contains("Smgw__Probe__Frontends__1__Internet: frontend2:2525", resolved);
    }
}
