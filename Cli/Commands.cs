using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smgw.Cli;

/// <summary>
/// The commands. Exit codes: 0 done, 1 the API refused (its problem detail is printed), 2 usage.
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
          smgw queue [--all]                    the queue
          smgw queue show|retry|delete ID       one message
          smgw key issue NAME ROLE [TENANT]     ServiceOwner | Operations | TenantAdmin (prints the token once)
          smgw key revoke ID
          smgw sla report [--period YYYY-MM] [--tenant ID] [--svg FILE] [--html FILE]
                                                availability per day, interruptions with exemptions marked;
                                                the chart (SVG) and the report page (HTML) saved to files
        """;

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
                ["queue"] => await PrintAsync(api.GetAsync("/api/queue")),
                ["queue", "--all"] => await PrintAsync(api.GetAsync("/api/queue?all=true")),
                ["queue", "show", var id] => await PrintAsync(api.GetAsync($"/api/queue/{Uri.EscapeDataString(id)}")),
                ["queue", "retry", var id] => await PrintAsync(api.PostAsync($"/api/queue/{Uri.EscapeDataString(id)}/retry", null)),
                ["queue", "delete", var id] => await PrintAsync(api.DeleteAsync($"/api/queue/{Uri.EscapeDataString(id)}")),
                ["key", "issue", var name, var role, .. var tenant] => await PrintAsync(api.PostAsync("/api/keys",
                    JsonSerializer.Serialize(new { name, role, tenantId = tenant.FirstOrDefault() }))),
                ["key", "revoke", var id] => await PrintAsync(api.DeleteAsync($"/api/keys/{Uri.EscapeDataString(id)}")),
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
        var others = (file?["mailboxes"]?.AsArray().Count ?? 0) + (file?["groups"]?.AsArray().Count ?? 0);
        if (others > 0)
        {
            await output.WriteLineAsync($"  {others} mailbox/group entr{(others == 1 ? "y" : "ies")} (applied as given)");
        }
        if (dryRun)
        {
            await output.WriteLineAsync($"dry run: {changes} tenant change(s), nothing applied");
            return 0;
        }
        var applied = await api.PostAsync("/api/apply", text);
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
