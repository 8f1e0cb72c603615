using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smgw.Cli;

/// <summary>
/// The commands. Exit codes: 0 done, 1 the API refused (its problem detail is printed), 2 usage,
/// 3 a gateway check ran and failed.
/// </summary>
public sealed class Commands(TextWriter output, TextWriter error, ApiClient api)
{
    private const string Usage = """
        smgw — operate an SMGW gateway over its admin API (SMGW_URL, SMGW_TOKEN)

          smgw tenants                          list tenants
          smgw tenant ID                        show one tenant
          smgw apply -f FILE [--dry-run]        apply a tenants file; prints what changes first
          smgw onboarding ID                    stage, audit trail, next actions
          smgw onboarding ID ACTION [COMMENT]   register, initialiseProject, startChecklist, submitForCheck,
                                                failCheck, release, activate, suspend, resume, offboard
          smgw tenants export ID                the export an offboarding left (JSON; redirect it to a file)
          smgw checklist ID [CL-n]              the checklist; one item with its table data
          smgw contacts ID                      contacts (CL-15) and the language of the gateway's mails
          smgw contacts ID add NAME EMAIL [--function F] [--phone P] [--language de|en]
          smgw contacts ID remove EMAIL
          smgw contacts ID language de|en
          smgw documents ID                     documents and links of CL-16, CL-17
          smgw queue [--all|--quarantined]      the queue (--quarantined: the messages held for an operator)
          smgw queue show|retry|release|delete ID
                                                one message (release: out of quarantine, its failure count starts again)
          smgw key issue NAME ROLE [TENANT]     ServiceOwner | Operations | TenantAdmin (prints the token once)
          smgw key revoke ID
          smgw checks run ID [CL-n ...]         run the gateway's onboarding checks (default: all of them) and record
                                                them on the checklist: CL-2 CL-3 CL-4/5 CL-6/7 CL-9 CL-10 CL-18
          smgw tls-certificate ID FILE          upload the tenant mail server's TLS certificate and chain (PEM, no key)
          smgw mailboxes ID                     the tenant's mailboxes with last traffic, passive ones marked (CL-10)
          smgw mailbox delete ADDRESS [REASON]  delete a mailbox (audited)
          smgw sla report [--period YYYY-MM] [--tenant ID] [--svg FILE] [--html FILE]
                                                availability per day, interruptions with exemptions marked;
                                                the chart (SVG) and the report page (HTML) saved to files
        """;

    /// <summary>What <c>checks run ID</c> runs (CL-4/5 and CL-6/7 are one check each: CL-5 and CL-7 record both items).</summary>
    public static readonly IReadOnlyList<string> AllChecks = ["CL-2", "CL-3", "CL-5", "CL-7", "CL-9", "CL-10", "CL-18"];

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args switch
            {
                ["tenants"] => await PrintAsync(api.GetAsync("/api/tenants")),
                ["tenant", var id] => await PrintAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}")),
                ["apply", "-f", var file] => await ApplyAsync(file, dryRun: false),
                ["apply", "-f", var file, "--dry-run"] => await ApplyAsync(file, dryRun: true),
                ["onboarding", var id] => await PrintAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}/onboarding")),
                ["onboarding", var id, var action, .. var comment] => await PrintAsync(api.PostAsync(
                    $"/api/tenants/{Uri.EscapeDataString(id)}/onboarding/{Uri.EscapeDataString(action)}",
                    JsonSerializer.Serialize(new { comment = string.Join(' ', comment) }))),
                ["tenants", "export", var id] => await RawAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}/export")),
                ["checklist", var id] => await PrintAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}/checklist")),
                ["checklist", var id, var item] => await PrintAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}/checklist/{Uri.EscapeDataString(item)}")),
                ["contacts", var id] => await PrintAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}/contacts")),
                ["contacts", var id, "add", var name, var email, .. var options] => await ChangeContactsAsync(id, contacts => AddContact(contacts, name, email, options)),
                ["contacts", var id, "remove", var email] => await ChangeContactsAsync(id, contacts => RemoveContact(contacts, email)),
                ["contacts", var id, "language", var language] => await ChangeContactsAsync(id, contacts => { contacts["language"] = language; return null; }),
                ["documents", var id] => await PrintAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}/documents")),
                ["queue"] => await PrintAsync(api.GetAsync("/api/queue")),
                ["queue", "--all"] => await PrintAsync(api.GetAsync("/api/queue?all=true")),
                ["queue", "--quarantined"] => await PrintAsync(api.GetAsync("/api/queue?quarantined=true")),
                ["queue", "release", var id] => await PrintAsync(api.PostAsync($"/api/queue/{Uri.EscapeDataString(id)}/release", null)),
                ["queue", "show", var id] => await PrintAsync(api.GetAsync($"/api/queue/{Uri.EscapeDataString(id)}")),
                ["queue", "retry", var id] => await PrintAsync(api.PostAsync($"/api/queue/{Uri.EscapeDataString(id)}/retry", null)),
                ["queue", "delete", var id] => await PrintAsync(api.DeleteAsync($"/api/queue/{Uri.EscapeDataString(id)}")),
                ["key", "issue", var name, var role, .. var tenant] => await PrintAsync(api.PostAsync("/api/keys",
                    JsonSerializer.Serialize(new { name, role, tenantId = tenant.FirstOrDefault() }))),
                ["key", "revoke", var id] => await PrintAsync(api.DeleteAsync($"/api/keys/{Uri.EscapeDataString(id)}")),
                ["checks", "run", var id, .. var items] => await ChecksAsync(id, items.Length == 0 ? AllChecks : items),
                ["tls-certificate", var id, var file] => File.Exists(file)
                    ? await PrintAsync(api.PutAsync($"/api/tenants/{Uri.EscapeDataString(id)}/tls-certificate",
                        JsonSerializer.Serialize(new { certificatePem = await File.ReadAllTextAsync(file) })))
                    : await MissingFileAsync(file),
                ["mailboxes", var id] => await PrintAsync(api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}/mailbox-activity")),
                ["mailbox", "delete", var address, .. var reason] => await PrintAsync(api.DeleteAsync(
                    $"/api/mailboxes/{Uri.EscapeDataString(address)}?reason={Uri.EscapeDataString(string.Join(' ', reason))}")),
                ["sla", "report", .. var options] => await new SlaReportCommand(output, error, api).RunAsync(options),
                ["help"] or ["--help"] or ["-h"] => Help(0),
                _ => Help(2),
            };
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"smgw: cannot reach the gateway ({ex.Message}); set SMGW_URL");
            return 1;
        }
    }

    /// <summary>Runs the checks one after the other; prints PASS/FAIL with the findings of each.</summary>
    private async Task<int> ChecksAsync(string id, IReadOnlyList<string> items)
    {
        var failed = 0;
        foreach (var item in items)
        {
            var response = await api.PostAsync($"/api/tenants/{Uri.EscapeDataString(id)}/checks/{Uri.EscapeDataString(item.ToUpperInvariant())}", null);
            if (!response.Ok)
            {
                await error.WriteLineAsync($"smgw: {item}: {response.Error()}");
                return 1;
            }
            var result = response.Json;
            var passed = result.GetProperty("passed").GetBoolean();
            failed += passed ? 0 : 1;
            await output.WriteLineAsync($"{result.GetProperty("item").GetString()} {(passed ? "PASS" : "FAIL")} {result.GetProperty("server").GetString()}");
            foreach (var finding in result.GetProperty("findings").EnumerateArray())
            {
                await output.WriteLineAsync($"    {finding.GetString()}");
            }
        }
        await output.WriteLineAsync($"{items.Count - failed} passed, {failed} failed (recorded on the checklist while the tenant is onboarding)");
        return failed == 0 ? 0 : 3;
    }

    private async Task<int> MissingFileAsync(string path)
    {
        await error.WriteLineAsync($"smgw: {path}: no such file");
        return 2;
    }

    private int Help(int code)
    {
        (code == 0 ? output : error).WriteLine(Usage);
        return code;
    }

    private async Task<int> PrintAsync(Task<ApiResponse> call)
    {
        var response = await call;
        if (!response.Ok)
        {
            await error.WriteLineAsync($"smgw: {response.Error()}");
            return 1;
        }
        if (response.Body.Length > 0)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(response.Json, Pretty));
        }
        return 0;
    }

    /// <summary>The body as the gateway sent it (for redirection into a file).</summary>
    private async Task<int> RawAsync(Task<ApiResponse> call)
    {
        var response = await call;
        if (!response.Ok)
        {
            await error.WriteLineAsync($"smgw: {response.Error()}");
            return 1;
        }
        await output.WriteLineAsync(response.Body);
        return 0;
    }

    /// <summary>Reads the tenant's contacts, changes them (a non-null answer is a usage error), and writes them back.</summary>
    private async Task<int> ChangeContactsAsync(string id, Func<JsonObject, string?> change)
    {
        var path = $"/api/tenants/{Uri.EscapeDataString(id)}/contacts";
        var current = await api.GetAsync(path);
        if (!current.Ok)
        {
            await error.WriteLineAsync($"smgw: {current.Error()}");
            return 1;
        }
        var contacts = JsonNode.Parse(current.Body)!.AsObject();
        if (change(contacts) is { } usage)
        {
            await error.WriteLineAsync($"smgw: {usage}");
            return 2;
        }
        return await PrintAsync(api.PutAsync(path, contacts.ToJsonString()));
    }

    private static string? AddContact(JsonObject contacts, string name, string email, string[] options)
    {
        var contact = new JsonObject { ["name"] = name, ["email"] = email };
        for (var i = 0; i < options.Length; i += 2)
        {
            if (i + 1 >= options.Length || options[i] is not ("--function" or "--phone" or "--language"))
            {
                return $"unknown option '{options[i]}' (--function F, --phone P, --language de|en)";
            }
            contact[options[i][2..]] = options[i + 1];
        }
        var list = contacts["contacts"] as JsonArray ?? [];
        contacts["contacts"] = list;
        if (list.FirstOrDefault(c => string.Equals(c?["email"]?.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            list.Remove(existing);
        }
        list.Add(contact);
        return null;
    }

    private static string? RemoveContact(JsonObject contacts, string email)
    {
        var list = contacts["contacts"] as JsonArray ?? [];
        var existing = list.FirstOrDefault(c => string.Equals(c?["email"]?.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase));
        if (existing is null)
        {
            return $"no contact {email}";
        }
        list.Remove(existing);
        return null;
    }

    /// <summary>Shows, per tenant of the file, whether it is new, changed (which fields) or unchanged; then applies (idempotent).</summary>
    private async Task<int> ApplyAsync(string path, bool dryRun)
    {
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"smgw: {path}: no such file");
            return 2;
        }
        var text = await File.ReadAllTextAsync(path);
        JsonNode? file;
        try
        {
            file = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            await error.WriteLineAsync($"smgw: {path}: not JSON ({ex.Message})");
            return 2;
        }

        var changes = 0;
        foreach (var tenant in file?["tenants"]?.AsArray() ?? [])
        {
            var id = tenant?["id"]?.GetValue<string>() ?? "";
            var current = await api.GetAsync($"/api/tenants/{Uri.EscapeDataString(id)}");
            if (current.Status == 404)
            {
                await output.WriteLineAsync($"+ tenant {id} (new)");
                changes++;
                continue;
            }
            if (!current.Ok)
            {
                await error.WriteLineAsync($"smgw: tenant {id}: {current.Error()}");
                return 1;
            }
            var existing = JsonNode.Parse(current.Body)!.AsObject();
            var differing = tenant!.AsObject()
                .Where(p => !Same(p.Value, existing[p.Key]))
                .Select(p => $"{p.Key}: {existing[p.Key]?.ToJsonString() ?? "null"} -> {p.Value?.ToJsonString() ?? "null"}")
                .ToList();
            if (differing.Count == 0)
            {
                await output.WriteLineAsync($"= tenant {id} (unchanged)");
                continue;
            }
            changes++;
            await output.WriteLineAsync($"~ tenant {id}");
            foreach (var line in differing)
            {
                await output.WriteLineAsync($"    {line}");
            }
        }
        var others = new[] { "mailboxes", "groups", "policies", "contacts", "documents" }
            .Select(section => (section, count: file?[section]?.AsArray().Count ?? 0))
            .Where(x => x.count > 0)
            .ToList();
        if (others.Count > 0)
        {
            await output.WriteLineAsync($"  {string.Join(", ", others.Select(o => $"{o.count} {o.section}"))} entr{(others.Sum(o => o.count) == 1 ? "y" : "ies")} (applied as given)");
        }
        if (dryRun)
        {
            await output.WriteLineAsync($"dry run: {changes} tenant change(s), nothing applied");
            return 0;
        }
        // The API reads strict JSON: send the parsed file, without the comments and trailing commas a file may have.
        var applied = await api.PostAsync("/api/apply", file?.ToJsonString() ?? "{}");
        if (!applied.Ok)
        {
            await error.WriteLineAsync($"smgw: {applied.Error()}");
            return 1;
        }
        await output.WriteLineAsync($"applied: {changes} tenant change(s)");
        return 0;
    }

    /// <summary>Equal as the gateway stores them: domains in lower case, lists in any order.</summary>
    private static bool Same(JsonNode? wanted, JsonNode? stored)
    {
        if (wanted is JsonArray a && stored is JsonArray b)
        {
            return a.Select(Normal).Order().SequenceEqual(b.Select(Normal).Order());
        }
        return Normal(wanted) == Normal(stored);
    }

    private static string Normal(JsonNode? node) => (node?.ToJsonString() ?? "null").Trim('"').TrimEnd('.').ToLowerInvariant();
}
