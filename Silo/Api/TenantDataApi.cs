using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Smgw.Grains.Onboarding;
using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Tenants;
using Smgw.Silo.TenantData;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// A tenant's checklist data (issue C §2): contacts and language (CL-15), documents and links
/// (CL-16, CL-17), the table data of a checklist item read from where it lives, and the export
/// an offboarding leaves behind. A tenant admin: own tenant only; the export: service owner only.
/// </summary>
public static class TenantDataApi
{
    public sealed record LinkRequest(string? Link);

    public static RouteGroupBuilder MapTenantDataApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants/{id}/contacts", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, id)
            ?? await IfTenantAsync(grains, id, async () => Results.Ok((await grains.GetGrain<ITenantProfileGrain>(id).GetAsync()).Contacts)));

        api.MapPut("/tenants/{id}/contacts", (string id, TenantContacts body, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Access.RequireTenant(http, id)
            ?? await IfTenantAsync(grains, id, async () => Results.Ok(await grains.GetGrain<ITenantProfileGrain>(id).SetContactsAsync(body with { TenantId = id })))));

        api.MapGet("/tenants/{id}/checklist/{item}", (string id, string item, HttpContext http, IGrainFactory grains, TenantDataReader reader) => Guard(async () =>
        {
            if (Access.RequireTenant(http, id) is { } refused)
            {
                return refused;
            }
            var definition = ChecklistCatalog.Find(item) ?? throw new ArgumentException($"item: '{item}' is not a checklist item (CL-1 … CL-18).");
            var recorded = (await grains.GetGrain<Smgw.Interfaces.Onboarding.IOnboardingGrain>(id).GetChecklistAsync()).Single(i => i.Id == definition.Id);
            var table = await reader.TableAsync(id, definition.Id);
            return Results.Ok(new { item = recorded, linkedEvidence = TenantDataReader.Summary(definition.Id, table), table });
        }));

        api.MapGet("/tenants/{id}/documents", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, id)
            ?? Results.Ok((await grains.GetGrain<ITenantProfileGrain>(id).GetAsync()).Documents));

        api.MapPut("/tenants/{id}/documents/{item}/{name}", (string id, string item, string name, HttpContext http, IGrainFactory grains, IOptions<DocumentOptions> options, TimeProvider time) => Guard(async () =>
        {
            if (Access.RequireTenant(http, id) is { } refused)
            {
                return refused;
            }
            return await IfTenantAsync(grains, id, async () =>
            {
                item = DocumentRules.Item(item);
                DocumentRules.CheckName(name);
                var who = ApiAccess.PrincipalOf(http).Name;
                var profile = grains.GetGrain<ITenantProfileGrain>(id);
                if (http.Request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) == true)
                {
                    LinkRequest link;
                    try
                    {
                        link = await JsonSerializer.DeserializeAsync<LinkRequest>(http.Request.Body, JsonSerializerOptions.Web, http.RequestAborted)
                            ?? throw new ArgumentException("link: missing");
                    }
                    catch (JsonException ex)
                    {
                        throw new ArgumentException($"body: not JSON like {{\"link\": \"https://…\"}} ({ex.Message})");
                    }
                    var stored = await profile.PutDocumentAsync(new TenantDocument
                    {
                        Item = item, Name = name, Link = DocumentRules.CheckLink(link.Link), UploadedBy = who, UploadedAt = time.GetUtcNow(),
                    });
                    await grains.GetGrain<ITenantDocumentGrain>($"{id}/{item}/{name}").ClearAsync();
                    return Results.Ok(stored);
                }
                var content = await ReadLimitedAsync(http.Request.Body, options.Value.MaxSize, http.RequestAborted);
                var contentType = DocumentRules.CheckContent(http.Request.ContentType, content, options.Value.MaxSize);
                await grains.GetGrain<ITenantDocumentGrain>($"{id}/{item}/{name}").SetAsync(content);
                return Results.Ok(await profile.PutDocumentAsync(new TenantDocument
                {
                    Item = item,
                    Name = name,
                    ContentType = contentType,
                    Size = content.Length,
                    Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                    UploadedBy = who,
                    UploadedAt = time.GetUtcNow(),
                }));
            });
        }));

        api.MapGet("/tenants/{id}/documents/{item}/{name}", (string id, string item, string name, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            if (Access.RequireTenant(http, id) is { } refused)
            {
                return refused;
            }
            item = DocumentRules.Item(item);
            var document = (await grains.GetGrain<ITenantProfileGrain>(id).GetAsync()).Documents.FirstOrDefault(d => d.Item == item && d.Name == name);
            if (document is null)
            {
                return NotFound($"no document {item}/{name} for tenant '{id}'");
            }
            if (document.Link.Length > 0)
            {
                return Results.Ok(document);
            }
            var content = await grains.GetGrain<ITenantDocumentGrain>($"{id}/{item}/{name}").GetAsync();
            return content is null ? NotFound($"document {item}/{name} has no content") : Results.File(content, document.ContentType, name);
        }));

        api.MapDelete("/tenants/{id}/documents/{item}/{name}", (string id, string item, string name, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            if (Access.RequireTenant(http, id) is { } refused)
            {
                return refused;
            }
            item = DocumentRules.Item(item);
            if (!await grains.GetGrain<ITenantProfileGrain>(id).RemoveDocumentAsync(item, name))
            {
                return NotFound($"no document {item}/{name} for tenant '{id}'");
            }
            await grains.GetGrain<ITenantDocumentGrain>($"{id}/{item}/{name}").ClearAsync();
            return Results.NoContent();
        }));

        api.MapGet("/tenants/{id}/export", async (string id, HttpContext http, IGrainFactory grains) =>
            Access.Require(http, ApiRole.ServiceOwner)
            ?? (await grains.GetGrain<ITenantExportGrain>(id).GetAsync() is { } export
                ? Results.Text(export.Json, "application/json")
                : NotFound($"tenant '{id}' has no export (it is made when the tenant is offboarded)")));

        // Finishes an offboarding whose deletion failed half way (the first export is kept).
        api.MapPost("/tenants/{id}/offboarding/complete", (string id, HttpContext http, IGrainFactory grains, TenantOffboarding offboarding) => Guard(async () =>
        {
            if (Access.Require(http, ApiRole.ServiceOwner) is { } refused)
            {
                return refused;
            }
            await offboarding.ExportAndDeleteAsync(id, ApiAccess.PrincipalOf(http), http.RequestAborted);
            return Results.Ok(await grains.GetGrain<Smgw.Interfaces.Onboarding.IOnboardingGrain>(id).GetStatusAsync());
        }));

        return api;
    }

    private static async Task<IResult> IfTenantAsync(IGrainFactory grains, string id, Func<Task<IResult>> action) =>
        await grains.GetGrain<ITenantGrain>(id).GetAsync() is null
            ? NotFound($"tenant '{id}' does not exist")
            : await action();

    private static async Task<byte[]> ReadLimitedAsync(Stream body, int maxSize, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxSize)
            {
                throw new ArgumentException($"body: more than the {maxSize} bytes allowed (Smgw:Documents:MaxSize).");
            }
        }
        return buffer.ToArray();
    }

    private static IResult NotFound(string detail) => Results.Problem(title: "Not found", detail: detail, statusCode: 404);
}
