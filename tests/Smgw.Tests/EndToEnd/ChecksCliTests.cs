using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Cli;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary><c>smgw checks run</c>, <c>smgw mailboxes</c> and <c>smgw mailbox delete</c> against a real gateway.</summary>
public sealed class ChecksCliTests
{
    [Fact]
    public async Task Checks_run_prints_pass_and_fail_with_reasons_records_them_and_exits_3_on_a_failure()
    {
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("cli", new { domains = new[] { "cli.example" } });
        Ok(await gateway.Http.PostAsJsonAsync("/api/tenants/cli/onboarding/register", new { }));
        Ok(await gateway.Http.PutAsJsonAsync("/api/mailboxes/old@cli.example", new { address = "old@cli.example", tenantId = "cli" }));

        async Task<(int Code, string Out, string Err)> SmgwAsync(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await new Commands(output, error, new ApiClient(new HttpClient { BaseAddress = gateway.Http.BaseAddress })).RunAsync(args);
            return (code, output.ToString(), error.ToString());
        }

        var passing = await SmgwAsync("checks", "run", "cli", "CL-9", "cl-10");
        Assert.Equal(0, passing.Code);
        Assert.Contains("CL-9 PASS cli.example", passing.Out);
        Assert.Contains("CL-10 PASS cli.example", passing.Out);
        Assert.Contains("2 passed, 0 failed", passing.Out);

        var failing = await SmgwAsync("checks", "run", "cli", "CL-2", "CL-18");
        Assert.Equal(3, failing.Code);
        Assert.Contains("CL-2 FAIL", failing.Out);
        Assert.Contains("    the tenant has no internal mail server configured (internalServer)", failing.Out);
        Assert.Contains("CL-18 FAIL", failing.Out);
        Assert.Contains("Smgw:Checks:PublicBaseUrl", failing.Out);
        Assert.Contains("0 passed, 2 failed", failing.Out);
        var checklist = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/cli/checklist");
        Assert.Equal("Failed", checklist.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-2").GetProperty("state").GetString());

        Assert.Equal(1, (await SmgwAsync("checks", "run", "cli", "CL-99")).Code);

        // CL-5 records CL-4 (trust center chosen) as well.
        Assert.Equal(3, (await SmgwAsync("checks", "run", "cli", "CL-5")).Code);
        checklist = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/tenants/cli/checklist");
        var cl4 = checklist.EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-4");
        Assert.Equal("Failed", cl4.GetProperty("state").GetString());
        Assert.StartsWith("no trust center chosen", cl4.GetProperty("note").GetString());

        var listed = await SmgwAsync("mailboxes", "cli");
        Assert.Equal(0, listed.Code);
        Assert.Contains("old@cli.example", listed.Out);

        var deleted = await SmgwAsync("mailbox", "delete", "old@cli.example", "moved", "away");
        Assert.Equal(0, deleted.Code);
        Assert.Contains("\"reason\": \"moved away\"", deleted.Out);
        Assert.Equal(1, (await SmgwAsync("mailbox", "delete", "old@cli.example")).Code);
    }
}
