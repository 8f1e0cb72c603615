using System.Diagnostics;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>There is no Docker engine here; docker-compose's own parser checks the cluster file.</summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task The_compose_file_is_valid_and_describes_postgres_two_silos_and_a_frontend()
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
        Assert.Equal(["frontend", "postgres", "silo1", "silo2"], services.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }
}
