using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// The admin API with roles (issue C): keys issued by the service owner, the onboarding workflow
/// ON-1 … ON-6 driven by each role with refused transitions and the audit trail, and a tenant
/// admin refused on another tenant's resources at every endpoint.
/// </summary>
public sealed class AccessAndOnboardingTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private GatewayProcess _gateway => fixture.Gateway;
    private HttpClient _owner => fixture.Owner;
    private HttpClient _operations => fixture.Operations;
    private HttpClient _alpha => fixture.Alpha;
    private HttpClient _beta => fixture.Beta;

    private HttpClient Client(string token) => fixture.Client(token);

    private Task<(string Id, string Token)> IssueAsync(string name, string role, string? tenant) => fixture.IssueAsync(name, role, tenant);

    private static async Task<JsonElement> StepAsync(HttpClient client, string tenant, string action, string? comment = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsJsonAsync($"/api/tenants/{tenant}/onboarding/{action}", new { comment });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expected == response.StatusCode, $"{action}: {(int)response.StatusCode} {body}");
        return body;
    }

    [Fact]
    public async Task A_full_onboarding_as_each_role_with_refused_transitions_and_an_audit_trail()
    {
        Assert.Equal("Registered", (await StepAsync(_alpha, "alpha", "register")).GetProperty("stage").GetString());
        var refused = await StepAsync(_alpha, "alpha", "initialiseProject", expected: HttpStatusCode.Forbidden);
        Assert.Contains("ServiceOwner", refused.GetProperty("detail").GetString());
        await StepAsync(_operations, "alpha", "initialiseProject", expected: HttpStatusCode.Forbidden);
        await StepAsync(_owner, "alpha", "initialiseProject", "documents sent");
        await StepAsync(_alpha, "alpha", "release", expected: HttpStatusCode.Forbidden);
        await StepAsync(_alpha, "alpha", "startChecklist");
        await StepAsync(_alpha, "alpha", "submitForCheck");
        var noReason = await StepAsync(_owner, "alpha", "failCheck", expected: HttpStatusCode.BadRequest);
        Assert.Contains("reasons", noReason.GetProperty("detail").GetString());
        Assert.Equal("ChecklistInProgress", (await StepAsync(_owner, "alpha", "failCheck", "CL-3: SPF record admits every sender")).GetProperty("stage").GetString());
        await StepAsync(_alpha, "alpha", "submitForCheck", "SPF fixed");
        var early = await StepAsync(_operations, "alpha", "activate", expected: HttpStatusCode.Conflict);
        Assert.Contains("TechnicalCheck", early.GetProperty("detail").GetString());

        // Release is blocked while checklist items are not met, and says which.
        var blocked = await StepAsync(_owner, "alpha", "release", expected: HttpStatusCode.Conflict);
        Assert.Contains("CL-1 Open", blocked.GetProperty("detail").GetString());
        Assert.Contains("CL-18 Open", blocked.GetProperty("detail").GetString());
        await CompleteChecklistAsync();
        await StepAsync(_owner, "alpha", "release");
        var active = await StepAsync(_operations, "alpha", "activate", "connected");
        Assert.Equal("Active", active.GetProperty("stage").GetString());

        var audit = (await _alpha.GetFromJsonAsync<JsonElement>("/api/tenants/alpha/onboarding")).GetProperty("audit").EnumerateArray().ToList();
        Assert.Equal(
            ["Register", "InitialiseProject", "StartChecklist", "SubmitForCheck", "FailCheck", "SubmitForCheck", "Release", "Activate"],
            audit.Select(a => a.GetProperty("action").GetString()));
        Assert.Equal(
            ["Anna Alpha", "bootstrap", "Anna Alpha", "Anna Alpha", "bootstrap", "Anna Alpha", "bootstrap", "Olga Operations"],
            audit.Select(a => a.GetProperty("who").GetString()));
        Assert.Equal("CL-3: SPF record admits every sender", audit[4].GetProperty("comment").GetString());
        Assert.Equal("TenantAdmin", audit[0].GetProperty("role").GetString());
        Assert.All(audit, a => Assert.True(a.GetProperty("when").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10)));
    }

    /// <summary>Each item by its owner: the tenant's by alpha's admin, CL-1 by the service owner, CL-18 by operations.</summary>
    private async Task CompleteChecklistAsync()
    {
        var items = (await _alpha.GetFromJsonAsync<JsonElement>("/api/tenants/alpha/checklist")).EnumerateArray().ToList();
        Assert.Equal(18, items.Count);
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetString()!;
            var client = item.GetProperty("owner").GetString() switch
            {
                "ServiceOwner" => _owner,
                "Operations" => _operations,
                _ => _alpha,
            };
            var state = item.GetProperty("optional").GetBoolean() ? "NotApplicable" : "Done";
            using var response = await client.PutAsJsonAsync($"/api/tenants/alpha/checklist/{id}", new { state, evidence = $"evidence for {id}" });
            Assert.True(response.IsSuccessStatusCode, $"{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Checklist_items_belong_to_their_owner_and_refuse_states_they_cannot_take()
    {
        using var notOwner = await _alpha.PutAsJsonAsync("/api/tenants/beta/checklist/CL-2", new { state = "Done" });
        Assert.Equal(HttpStatusCode.Forbidden, notOwner.StatusCode);
        await StepAsync(_beta, "beta", "register");
        using var operationsOnTenantItem = await _operations.PutAsJsonAsync("/api/tenants/beta/checklist/CL-2", new { state = "Done" });
        Assert.Equal(HttpStatusCode.Forbidden, operationsOnTenantItem.StatusCode);
        using var required = await _beta.PutAsJsonAsync("/api/tenants/beta/checklist/CL-3", new { state = "NotApplicable" });
        Assert.Equal(HttpStatusCode.BadRequest, required.StatusCode);
        using var unknown = await _beta.PutAsJsonAsync("/api/tenants/beta/checklist/CL-99", new { state = "Done" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var failedWithoutReason = await _owner.PutAsJsonAsync("/api/tenants/beta/checklist/CL-3", new { state = "Failed" });
        Assert.Equal(HttpStatusCode.BadRequest, failedWithoutReason.StatusCode);

        using var failed = await _owner.PutAsJsonAsync("/api/tenants/beta/checklist/CL-3", new { state = "Failed", note = "SPF admits every sender" });
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var item = (await _beta.GetFromJsonAsync<JsonElement>("/api/tenants/beta/checklist")).EnumerateArray().Single(i => i.GetProperty("id").GetString() == "CL-3");
        Assert.Equal("Failed", item.GetProperty("state").GetString());
        Assert.Equal("SPF admits every sender", item.GetProperty("note").GetString());
        Assert.Equal("bootstrap", item.GetProperty("updatedBy").GetString());
    }

    public static TheoryData<string, string, string?> ForeignRequests() => new()
    {
        { "GET", "/api/tenants/alpha", null },
        { "PUT", "/api/tenants/alpha", """{"domains":["alpha.example"],"internalServer":"127.0.0.1:9"}""" },
        { "DELETE", "/api/tenants/alpha", null },
        { "PUT", "/api/mailboxes/new@alpha.example", """{"tenantId":"alpha"}""" },
        { "PUT", "/api/mailboxes/boss@alpha.example", """{"tenantId":"beta"}""" },
        { "GET", "/api/mailboxes/boss@alpha.example", null },
        { "PUT", "/api/groups/alpha/board", """{"members":["x@alpha.example"]}""" },
        { "GET", "/api/groups/alpha/board", null },
        { "GET", "/api/tenants/alpha/onboarding", null },
        { "GET", "/api/tenants/alpha/checklist", null },
        { "PUT", "/api/tenants/alpha/checklist/CL-2", """{"state":"Done"}""" },
        { "POST", "/api/tenants/alpha/onboarding/offboard", "{}" },
        { "POST", "/api/apply", """{"tenants":[]}""" },
        { "POST", "/api/keys", """{"name":"x","role":"ServiceOwner"}""" },
        { "GET", "/api/queue/QUEUED", null },
        { "POST", "/api/queue/QUEUED/retry", null },
        { "DELETE", "/api/queue/QUEUED", null },
    };

    [Theory]
    [MemberData(nameof(ForeignRequests))]
    public async Task A_tenant_admin_is_refused_on_another_tenants_resources(string method, string path, string? json)
    {
        // alpha's resources exist (created by the service owner), so a refusal is about access, not absence.
        Ok(await _owner.PutAsJsonAsync("/api/mailboxes/boss@alpha.example", new { tenantId = "alpha" }));
        Ok(await _owner.PutAsJsonAsync("/api/groups/alpha/board", new { members = new[] { "boss@alpha.example" } }));
        var queueId = await QueueAlphaMessageAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("QUEUED", queueId));
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _beta.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // and the owner still sees alpha's data unchanged
        Assert.Contains("alpha.example", await _owner.GetStringAsync("/api/tenants/alpha"));
        Assert.Contains("\"tenantId\":\"alpha\"", await _owner.GetStringAsync("/api/mailboxes/boss@alpha.example"));
    }

    /// <summary>
    /// Endpoints a tenant admin may call without naming a foreign tenant: lists and reports filtered to
    /// their own tenant, and the public certificates and OpenPGP keys of correspondents (a tenant admin's
    /// import for an owner outside its domains applies to its own tenant only; listing another tenant's is refused).
    /// </summary>
    private static readonly HashSet<string> OpenToTenantAdmins =
    [
        "GET /api/tenants", "GET /api/queue", "GET /api/reminders", "GET /api/policy/catalog",
        "GET /api/certificates/{owner}", "PUT /api/certificates/{owner}", "GET /api/openpgp-keys/{owner}", "PUT /api/openpgp-keys/{owner}",
    ];

    [Fact]
    public async Task Every_endpoint_in_the_openapi_document_refuses_a_tenant_admin_on_another_tenant()
    {
        // Walks the live OpenAPI document, so an endpoint added later is covered (or must be classified above).
        Ok(await _owner.PutAsJsonAsync("/api/mailboxes/boss@alpha.example", new { tenantId = "alpha" }));
        Ok(await _owner.PutAsJsonAsync("/api/groups/alpha/board", new { members = new[] { "boss@alpha.example" } }));
        var queueId = await QueueAlphaMessageAsync();
        var document = await _gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete"))
            {
                var method = operation.Name.ToUpperInvariant();
                if (OpenToTenantAdmins.Contains($"{method} {path.Name}"))
                {
                    continue;
                }
                var url = path.Name
                    .Replace("/api/queue/{id}", $"/api/queue/{queueId}")
                    .Replace("/api/keys/{id}", "/api/keys/alpha-key")
                    .Replace("{id}", "alpha").Replace("{tenant}", "alpha")
                    .Replace("{address}", "boss@alpha.example").Replace("{domain}", "alpha.example")
                    .Replace("{owner}", "alpha.example").Replace("{item}", path.Name.Contains("documents") ? "CL-16" : "CL-2")
                    .Replace("{name}", path.Name.Contains("documents") ? "help.pdf" : "board").Replace("{action}", "register");
                url += url switch
                {
                    "/api/sla/report" => "?period=2025-11&tenant=alpha",
                    _ => "",
                };
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "PUT" or "POST")
                {
                    request.Content = new StringContent(url == "/api/policy/dry-run" ? """{"tenantId":"alpha","recipients":["x@remote.example"]}""" : "{}",
                        System.Text.Encoding.UTF8, "application/json");
                }
                using var response = await _beta.SendAsync(request);
                checkedCount++;
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(checkedCount > 50, $"only {checkedCount} endpoints checked: is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, "not refused (403) for a tenant admin of another tenant:\n" + string.Join("\n", failures));
        Assert.Contains("\"tenantId\":\"alpha\"", await _owner.GetStringAsync("/api/mailboxes/boss@alpha.example"));
    }

    [Fact]
    public async Task A_tenant_admin_sees_only_their_own_tenant_and_queue()
    {
        var queueId = await QueueAlphaMessageAsync();
        var tenants = await _beta.GetFromJsonAsync<JsonElement>("/api/tenants");
        Assert.Equal(["beta"], tenants.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.DoesNotContain(queueId, await _beta.GetStringAsync("/api/queue"));
        Assert.Contains(queueId, await _alpha.GetStringAsync("/api/queue"));
        Assert.Contains(queueId, await _alpha.GetStringAsync($"/api/queue/{queueId}"));
    }

    [Fact]
    public async Task The_openapi_document_describes_every_admin_endpoint()
    {
        var document = await _gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.Equal("SMGW admin API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[]
        {
            "/api/tenants", "/api/tenants/{id}", "/api/tenants/{id}/onboarding", "/api/tenants/{id}/onboarding/{action}",
            "/api/mailboxes/{address}", "/api/groups/{tenant}/{name}", "/api/apply",
            "/api/queue", "/api/queue/{id}", "/api/queue/{id}/retry", "/api/keys", "/api/keys/{id}",
        })
        {
            Assert.Contains(path, paths);
        }
        Assert.True(document.GetProperty("paths").GetProperty("/api/tenants/{id}").TryGetProperty("put", out _));
    }

    [Fact]
    public async Task Without_a_valid_key_the_api_answers_401()
    {
        using var anonymous = new HttpClient { BaseAddress = _gateway.Http.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tenants")).StatusCode);
        using var wrong = Client("smgw_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/tenants")).StatusCode);

        var (id, token) = await IssueAsync("Short-lived", "Operations", null);
        using var revoked = Client(token);
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync("/api/tenants")).StatusCode);
        Ok(await _owner.DeleteAsync($"/api/keys/{id}"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/tenants")).StatusCode);
    }

    /// <summary>A message for alpha that stays queued (alpha's server, port 9, does not answer).</summary>
    private async Task<string> QueueAlphaMessageAsync()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        await smtp.SendAsync("EHLO outside.example");
        await smtp.SendAsync("MAIL FROM:<someone@outside.example>");
        await smtp.SendAsync("RCPT TO:<clerk@alpha.example>");
        return GatewayProcess.QueueIdOf(await smtp.SendDataAsync("Subject: queued for alpha\n\nhello\n"));
    }
}
