using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>Reminders: an organisation certificate expiring within 30 days and checklist items waiting show up in the API and in /metrics.</summary>
public sealed class RemindersTests
{
    [Fact]
    public async Task An_expiring_organisation_certificate_and_waiting_checklist_items_are_reminded_of()
    {
        var bootstrap = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var pki = new GatewayPki();
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Http__ApiKey"] = bootstrap,
            ["Smgw__Reminders__Interval"] = "00:00:01",
        });
        await gateway.StartAsync();
        using var owner = gateway.Client(bootstrap);
        Ok(await owner.PutAsJsonAsync("/api/tenants/exp", new { domains = new[] { "exp.example" } }));
        Ok(await owner.PutAsJsonAsync("/api/tenants/calm", new { domains = new[] { "calm.example" } }));
        var (certificate, key) = pki.Issue("exp-org", "exp.example organisation", "postmaster@exp.example", TimeSpan.FromDays(10));
        Ok(await owner.PutAsJsonAsync("/api/tenants/exp/organisation-certificates/exp.example", new { certificatePem = certificate, privateKeyPem = key }));

        using var issued = await owner.PostAsJsonAsync("/api/keys", new { name = "Erika Exp", role = "TenantAdmin", tenantId = "exp" });
        using var admin = gateway.Client((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        using var calmIssued = await owner.PostAsJsonAsync("/api/keys", new { name = "Carl Calm", role = "TenantAdmin", tenantId = "calm" });
        using var calm = gateway.Client((await calmIssued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        Ok(await admin.PostAsJsonAsync("/api/tenants/exp/onboarding/register", new { }));
        Ok(await owner.PostAsJsonAsync("/api/tenants/exp/onboarding/initialiseProject", new { }));
        Ok(await admin.PostAsJsonAsync("/api/tenants/exp/onboarding/startChecklist", new { }));
        Ok(await admin.PutAsJsonAsync("/api/tenants/exp/checklist/CL-2", new { state = "Done", evidence = "STARTTLS enforced" }));

        var reminders = (await admin.GetFromJsonAsync<JsonElement>("/api/reminders")).EnumerateArray().ToList();
        var expiring = Assert.Single(reminders, r => r.GetProperty("kind").GetString() == "certificate-expiring");
        Assert.Equal("exp", expiring.GetProperty("tenantId").GetString());
        Assert.Contains("in 9 day(s)", expiring.GetProperty("detail").GetString());
        var waiting = reminders.Where(r => r.GetProperty("kind").GetString() == "checklist-waiting").ToList();
        Assert.Equal(17, waiting.Count); // 18 items, CL-2 done
        Assert.DoesNotContain(waiting, r => r.GetProperty("subject").GetString()!.StartsWith("CL-2 ", StringComparison.Ordinal));
        Assert.Contains(waiting, r => r.GetProperty("subject").GetString()!.StartsWith("CL-18 ", StringComparison.Ordinal) && r.GetProperty("owner").GetString() == "Operations");

        // Another tenant's admin sees none of it.
        Assert.Equal("[]", await calm.GetStringAsync("/api/reminders"));

        var metrics = await Eventually.WaitAsync(async () =>
        {
            var text = await gateway.Http.GetStringAsync("/metrics");
            return text.Contains("smgw_reminders{kind=\"checklist-waiting\"} 17") ? text : null;
        }, TimeSpan.FromSeconds(30), "the reminder gauges");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(metrics, @"smgw_certificate_expiry_days\{tenant=""exp"",domain=""exp.example""\} (9(\.\d+)?|10)\n"),
            string.Join("\n", metrics.Split('\n').Where(l => l.Contains("smgw_certificate") || l.Contains("smgw_reminders"))));
        Assert.Contains("smgw_reminders{kind=\"certificate-expiring\"} 1", metrics);
    }


}
