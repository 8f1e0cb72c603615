using Smgw.Cli;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>The operators' command line against a real gateway: what it prints and its exit codes.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = new GatewayProcess();
        await _gateway.StartAsync();
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<(int Code, string Out, string Err)> SmgwAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new Commands(output, error, new ApiClient(new HttpClient { BaseAddress = _gateway.Http.BaseAddress })).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Apply_shows_the_diff_is_idempotent_and_the_dry_run_changes_nothing()
    {
        var file = Path.Combine(_gateway.DataDirectory, "tenants.json");
        await File.WriteAllTextAsync(file, """
            { "tenants": [ { "id": "cli", "domains": ["cli.example"], "relayAddresses": ["127.0.0.1"], "internalServer": "127.0.0.1:2626" } ] }
            """);

        var dry = await SmgwAsync("apply", "-f", file, "--dry-run");
        Assert.Equal(0, dry.Code);
        Assert.Contains("+ tenant cli (new)", dry.Out);
        Assert.Equal(1, (await SmgwAsync("tenant", "cli")).Code);

        var first = await SmgwAsync("apply", "-f", file);
        Assert.Equal(0, first.Code);
        Assert.Contains("applied: 1 tenant change(s)", first.Out);

        var again = await SmgwAsync("apply", "-f", file);
        Assert.Contains("= tenant cli (unchanged)", again.Out);
        Assert.Contains("applied: 0 tenant change(s)", again.Out);

        await File.WriteAllTextAsync(file, """
            { "tenants": [ { "id": "cli", "domains": ["cli.example", "mail.cli.example"], "relayAddresses": ["127.0.0.1"], "internalServer": "127.0.0.1:2626" } ] }
            """);
        var changed = await SmgwAsync("apply", "-f", file, "--dry-run");
        Assert.Contains("~ tenant cli", changed.Out);
        Assert.Contains("domains: [\"cli.example\"] -> [\"cli.example\",\"mail.cli.example\"]", changed.Out);

        var shown = await SmgwAsync("tenant", "cli");
        Assert.Equal(0, shown.Code);
        Assert.Contains("\"cli.example\"", shown.Out);
        Assert.DoesNotContain("mail.cli.example", shown.Out);
    }

    [Fact]
    public async Task Onboarding_steps_and_refusals_are_reported_with_exit_codes()
    {
        await _gateway.PutTenantAsync("steps", new { domains = new[] { "steps.example" } });
        Assert.Equal(0, (await SmgwAsync("onboarding", "steps", "register")).Code);
        var wrongStage = await SmgwAsync("onboarding", "steps", "release");
        Assert.Equal(1, wrongStage.Code);
        Assert.Contains("409 Conflict", wrongStage.Err);
        var wrongRole = await SmgwAsync("onboarding", "steps", "activate");
        Assert.Equal(1, wrongRole.Code);
        Assert.Contains("403 Forbidden: Activate is for Operations", wrongRole.Err);
        var status = await SmgwAsync("onboarding", "steps");
        Assert.Contains("\"stage\": \"Registered\"", status.Out);
        Assert.Contains("InitialiseProject", status.Out);
    }

    [Fact]
    public async Task Bad_usage_exits_2_with_the_help_text()
    {
        var result = await SmgwAsync("frobnicate");
        Assert.Equal(2, result.Code);
        Assert.Contains("smgw apply -f FILE", result.Err);
        Assert.Equal(0, (await SmgwAsync("queue")).Code);
    }
}
