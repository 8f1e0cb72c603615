using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Smgw.Cli;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Checklist data (issue C §2): contacts and language (CL-15), documents and links (CL-16, CL-17),
/// and the table data of checklist items read from the tenant's policy model, mailboxes and groups;
/// a tenant admin is refused on another tenant's contacts, documents and checklist data.
/// </summary>
public sealed class ContactAndChecklistDataTests(TenantDataFixture fixture) : IClassFixture<TenantDataFixture>
{
    private static readonly object AlphaContacts = new
    {
        language = "en",
        contacts = new object[]
        {
            new { name = "Jörg Müller", function = "Mail-Administrator", email = "joerg.mueller@alpha.example", phone = "+49 351 1234-5", language = "de" },
            new { name = "Alex Admin", function = "deputy", email = "alex@alpha.example" },
        },
    };

    [Fact]
    public async Task Contacts_are_kept_per_tenant_with_the_language_and_shown_on_CL_15()
    {
        var saved = await Json(await fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/contacts", AlphaContacts));
        Assert.Equal("en", saved.GetProperty("language").GetString());
        Assert.Equal(2, saved.GetProperty("contacts").GetArrayLength());

        var read = await fixture.Owner.GetFromJsonAsync<JsonElement>("/api/tenants/alpha/contacts");
        var first = read.GetProperty("contacts")[0];
        Assert.Equal("Jörg Müller", first.GetProperty("name").GetString());
        Assert.Equal("Mail-Administrator", first.GetProperty("function").GetString());
        Assert.Equal("+49 351 1234-5", first.GetProperty("phone").GetString());
        Assert.Equal("de", first.GetProperty("language").GetString());

        var item = await fixture.Alpha.GetFromJsonAsync<JsonElement>("/api/tenants/alpha/checklist/CL-15");
        Assert.Equal("CL-15", item.GetProperty("item").GetProperty("id").GetString());
        Assert.Equal("2 contact(s) recorded: Jörg Müller <joerg.mueller@alpha.example> (Mail-Administrator); Alex Admin <alex@alpha.example> (deputy)",
            item.GetProperty("linkedEvidence").GetString());
        Assert.Equal(["joerg.mueller@alpha.example", "alex@alpha.example"],
            item.GetProperty("table").GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("email").GetString()));

        // Bad input names the field.
        await AssertProblemAsync(fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/contacts", new { language = "fr", contacts = Array.Empty<object>() }), 400, "language");
        await AssertProblemAsync(fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/contacts", new { contacts = new[] { new { name = "X", email = "not-an-address" } } }), 400, "contacts[0].email");
        await AssertProblemAsync(fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/contacts", new { contacts = new[] { new { name = "", email = "x@alpha.example" } } }), 400, "contacts[0].name");
        await AssertProblemAsync(fixture.Owner.PutAsJsonAsync("/api/tenants/nosuch/contacts", AlphaContacts), 404, "nosuch");
    }

    public static TheoryData<string, string, string?> ForeignRequests() => new()
    {
        { "GET", "/api/tenants/alpha/contacts", null },
        { "PUT", "/api/tenants/alpha/contacts", """{"contacts":[{"name":"Mallory","email":"m@beta.example"}]}""" },
        { "GET", "/api/tenants/alpha/documents", null },
        { "GET", "/api/tenants/alpha/documents/CL-17/handbook", null },
        { "PUT", "/api/tenants/alpha/documents/CL-17/handbook", """{"link":"https://evil.example/"}""" },
        { "DELETE", "/api/tenants/alpha/documents/CL-17/handbook", null },
        { "GET", "/api/tenants/alpha/checklist/CL-15", null },
        { "GET", "/api/tenants/alpha/checklist/CL-9", null },
        { "GET", "/api/tenants/alpha/export", null },
        { "GET", "/api/tenants/beta/export", null },
    };

    [Theory]
    [MemberData(nameof(ForeignRequests))]
    public async Task A_tenant_admin_is_refused_on_another_tenants_contacts_documents_and_checklist_data(string method, string path, string? json)
    {
        Ok(await fixture.Owner.PutAsJsonAsync("/api/tenants/alpha/contacts", AlphaContacts));
        Ok(await fixture.Owner.PutAsJsonAsync("/api/tenants/alpha/documents/CL-17/handbook", new { link = "https://intranet.alpha.example/smgw" }));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await fixture.Beta.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var contacts = await fixture.Owner.GetStringAsync("/api/tenants/alpha/contacts");
        Assert.Contains("joerg.mueller@alpha.example", contacts);
        Assert.DoesNotContain("Mallory", contacts);
        Assert.Contains("https://intranet.alpha.example/smgw", await fixture.Owner.GetStringAsync("/api/tenants/alpha/documents"));
    }

    [Fact]
    public async Task Documents_are_stored_size_limited_and_type_checked_and_links_are_kept()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% help-desk agreement\n%%EOF\n");
        var stored = await Json(await fixture.Alpha.PutAsync("/api/tenants/alpha/documents/CL-16/uhd-agreement.pdf", Bytes(pdf, "application/pdf")));
        Assert.Equal("application/pdf", stored.GetProperty("contentType").GetString());
        Assert.Equal(pdf.Length, stored.GetProperty("size").GetInt64());
        Assert.Equal("Anna Alpha", stored.GetProperty("uploadedBy").GetString());

        using (var download = await fixture.Alpha.GetAsync("/api/tenants/alpha/documents/CL-16/uhd-agreement.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        }

        await AssertProblemAsync(fixture.Alpha.PutAsync("/api/tenants/alpha/documents/CL-16/fake.pdf", Bytes(Encoding.ASCII.GetBytes("MZ this is an executable"), "application/pdf")), 400, "not application/pdf");
        await AssertProblemAsync(fixture.Alpha.PutAsync("/api/tenants/alpha/documents/CL-16/tool.exe", Bytes([0x4d, 0x5a, 0x90], "application/x-msdownload")), 400, "content-type");
        await AssertProblemAsync(fixture.Alpha.PutAsync("/api/tenants/alpha/documents/CL-16/big.txt", Bytes(new byte[65537].Select(_ => (byte)'a').ToArray(), "text/plain")), 400, "Smgw:Documents:MaxSize");
        await AssertProblemAsync(fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/documents/CL-5/x", new { link = "https://x.example/" }), 400, "item");
        await AssertProblemAsync(fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/documents/CL-17/intranet", new { link = "javascript:alert(1)" }), 400, "link");

        Ok(await fixture.Alpha.PutAsJsonAsync("/api/tenants/alpha/documents/CL-17/intranet", new { link = "https://intranet.alpha.example/smgw" }));
        var cl17 = await fixture.Alpha.GetFromJsonAsync<JsonElement>("/api/tenants/alpha/checklist/CL-17");
        var link = Assert.Single(cl17.GetProperty("table").GetProperty("documents").EnumerateArray(), d => d.GetProperty("name").GetString() == "intranet");
        Assert.Equal("https://intranet.alpha.example/smgw", link.GetProperty("link").GetString());
        var cl16 = await fixture.Alpha.GetFromJsonAsync<JsonElement>("/api/tenants/alpha/checklist/CL-16");
        Assert.Contains(cl16.GetProperty("table").GetProperty("documents").EnumerateArray(), d => d.GetProperty("sha256").GetString()!.Length == 64);

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Alpha.DeleteAsync("/api/tenants/alpha/documents/CL-16/uhd-agreement.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Alpha.GetAsync("/api/tenants/alpha/documents/CL-16/uhd-agreement.pdf")).StatusCode);
    }

    [Fact]
    public async Task Checklist_tables_link_to_the_policy_model_mailboxes_and_groups()
    {
        Ok(await fixture.Owner.PutAsJsonAsync("/api/policy/catalog", new
        {
            standardPolicy = "standard",
            policies = new object[]
            {
                new { name = "standard", version = 1, outbound = new { encryption = "IfPossible" } },
                new { name = "beta-deviation", version = 1, description = "no signing", outbound = new { sign = "None" } },
                new { name = "beta-deviation", version = 2, description = "no signing, encryption mandatory", outbound = new { sign = "None", encryption = "Mandatory" } },
                new { name = "board", version = 1, outbound = new { encryption = "Mandatory" } },
            },
        }));
        Ok(await fixture.Beta.PutAsJsonAsync("/api/tenants/beta/policy", new
        {
            tenantPolicy = "beta-deviation",
            groups = new[] { "board" },
            addresses = new[] { new { address = "ceo@beta.example", scope = "Internal", policy = "board" } },
        }));
        Ok(await fixture.Beta.PutAsJsonAsync("/api/groups/beta/board", new { kind = "internal", members = new[] { "ceo@beta.example" }, policy = "board", description = "Vorstand" }));
        Ok(await fixture.Beta.PutAsJsonAsync("/api/mailboxes/clerk@beta.example", new { tenantId = "beta", displayName = "Clerk", hasPersonalCertificate = true, groups = new[] { "board" } }));
        Ok(await fixture.Beta.PutAsJsonAsync("/api/mailboxes/desk@beta.example", new { tenantId = "beta", displayName = "Desk" }));

        var cl8 = (await fixture.Beta.GetFromJsonAsync<JsonElement>("/api/tenants/beta/checklist/CL-8")).GetProperty("table");
        Assert.Equal("beta-deviation", cl8.GetProperty("tenantPolicy").GetString());
        Assert.Equal(2, cl8.GetProperty("deviation").GetProperty("version").GetInt32()); // the version in force
        Assert.Equal("Mandatory", cl8.GetProperty("deviation").GetProperty("outbound").GetProperty("encryption").GetString());
        Assert.Equal("standard", cl8.GetProperty("standardPolicy").GetString());

        var cl9 = (await fixture.Beta.GetFromJsonAsync<JsonElement>("/api/tenants/beta/checklist/CL-9")).GetProperty("table");
        var addresses = cl9.GetProperty("addresses").EnumerateArray().ToDictionary(a => a.GetProperty("address").GetString()!);
        Assert.True(addresses["clerk@beta.example"].GetProperty("hasPersonalCertificate").GetBoolean());
        Assert.False(addresses["desk@beta.example"].GetProperty("hasPersonalCertificate").GetBoolean());
        Assert.False(addresses["clerk@beta.example"].GetProperty("personalCertificateStored").GetBoolean());

        var cl11 = (await fixture.Beta.GetFromJsonAsync<JsonElement>("/api/tenants/beta/checklist/CL-11")).GetProperty("table");
        var board = Assert.Single(cl11.GetProperty("groups").EnumerateArray());
        Assert.Equal("Vorstand", board.GetProperty("description").GetString());
        Assert.Equal(["ceo@beta.example", "clerk@beta.example"], board.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.True(board.GetProperty("inForce").GetBoolean());
        Assert.True(board.GetProperty("policyDefined").GetBoolean());

        var cl12 = (await fixture.Beta.GetFromJsonAsync<JsonElement>("/api/tenants/beta/checklist/CL-12")).GetProperty("table");
        Assert.Equal("ceo@beta.example", Assert.Single(cl12.GetProperty("addresses").EnumerateArray()).GetProperty("address").GetString());

        await AssertProblemAsync(fixture.Beta.GetAsync("/api/tenants/beta/checklist/CL-99"), 400, "CL-99");
    }

    [Fact]
    public async Task The_apply_file_and_the_cli_set_contacts_policies_and_document_links()
    {
        var file = Path.Combine(TestEnvironment.TempDirectory("apply"), "tenants.json");
        await File.WriteAllTextAsync(file, """
            {
              "tenants": [ { "id": "gamma", "name": "Gamma", "domains": ["gamma.example"], "internalServer": "127.0.0.1:9" } ],
              "groups": [ { "id": "gamma/press", "tenantId": "gamma", "name": "press", "kind": "external", "members": ["@press.example"], "policy": "", "description": "Presse" } ],
              "policies": [ { "tenantId": "gamma", "groups": ["press"] } ],
              "contacts": [ { "tenantId": "gamma", "language": "en", "contacts": [ { "name": "Gerd Gamma", "function": "postmaster", "email": "gerd@gamma.example", "phone": "0351 1" } ] } ],
              "documents": [ { "tenantId": "gamma", "item": "CL-17", "name": "guide", "link": "https://gamma.example/smgw-guide" } ]
            }
            """);
        var (code, output, error) = await SmgwAsync("apply", "-f", file);
        Assert.True(code == 0, error);
        Assert.Contains("1 contacts", output);
        (code, _, error) = await SmgwAsync("apply", "-f", file);
        Assert.True(code == 0, error);

        var contacts = await fixture.Owner.GetFromJsonAsync<JsonElement>("/api/tenants/gamma/contacts");
        Assert.Equal("en", contacts.GetProperty("language").GetString());
        Assert.Equal("gerd@gamma.example", Assert.Single(contacts.GetProperty("contacts").EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal(["press"], (await fixture.Owner.GetFromJsonAsync<JsonElement>("/api/tenants/gamma/policy")).GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var documents = await fixture.Owner.GetFromJsonAsync<JsonElement>("/api/tenants/gamma/documents");
        Assert.Equal("https://gamma.example/smgw-guide", Assert.Single(documents.EnumerateArray()).GetProperty("link").GetString());
        var press = Assert.Single((await fixture.Owner.GetFromJsonAsync<JsonElement>("/api/tenants/gamma/checklist/CL-11")).GetProperty("table").GetProperty("groups").EnumerateArray());
        Assert.Equal("Presse", press.GetProperty("description").GetString());

        // The example file of the docs applies too.
        (code, _, error) = await SmgwAsync("apply", "-f", Path.Combine(TestEnvironment.RepositoryRoot, "docs", "examples", "tenants.json"));
        Assert.True(code == 0, error);
        Assert.Contains("it@lds.example", await fixture.Owner.GetStringAsync("/api/tenants/lds/contacts"));

        (code, _, error) = await SmgwAsync("contacts", "gamma", "add", "Gisela Gamma", "gisela@gamma.example", "--function", "CISO", "--language", "de");
        Assert.True(code == 0, error);
        (code, _, error) = await SmgwAsync("contacts", "gamma", "language", "de");
        Assert.True(code == 0, error);
        (code, _, error) = await SmgwAsync("contacts", "gamma", "remove", "gerd@gamma.example");
        Assert.True(code == 0, error);
        (code, output, _) = await SmgwAsync("contacts", "gamma");
        Assert.Equal(0, code);
        var shown = JsonDocument.Parse(output).RootElement;
        Assert.Equal("de", shown.GetProperty("language").GetString());
        var gisela = Assert.Single(shown.GetProperty("contacts").EnumerateArray());
        Assert.Equal("CISO", gisela.GetProperty("function").GetString());
        (code, _, error) = await SmgwAsync("contacts", "gamma", "add", "X", "not-an-address");
        Assert.Equal(1, code);
        Assert.Contains("contacts[1].email", error);
    }

    private async Task<(int Code, string Out, string Err)> SmgwAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var http = new HttpClient { BaseAddress = fixture.Gateway.Http.BaseAddress };
        http.DefaultRequestHeaders.Authorization = fixture.Owner.DefaultRequestHeaders.Authorization;
        var code = await new Commands(output, error, new ApiClient(http)).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }

    private static ByteArrayContent Bytes(byte[] content, string type)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        return body;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            Ok(response);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    private static async Task AssertProblemAsync(Task<HttpResponseMessage> call, int status, string detailContains)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, body);
    }
}
