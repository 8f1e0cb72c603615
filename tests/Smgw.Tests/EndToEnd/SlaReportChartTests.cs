using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Smgw.Cli;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// The monthly report as people read it: the chart (SVG), the HTML page and the <c>smgw sla report</c>
/// table for November 2025 with a counted interruption, maintenance announced in time (exempt) and
/// late (counted), and an excluded disturbance.
/// </summary>
public sealed class SlaReportChartTests : IAsyncLifetime
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = new GatewayProcess(SlaApiTests.History());
        await _gateway.StartAsync();
        await _gateway.PutTenantAsync("t1", new { domains = new[] { "t1.example" } });
        await _gateway.PutTenantAsync("t2", new { domains = new[] { "t2.example" } });
        var http = _gateway.Http;
        // Mon 10 Nov 2025 09:00–11:00 Berlin: 120 counted minutes for t1.
        Ok(await http.PostAsJsonAsync("/api/sla/outages", new { start = "2025-11-10T08:00:00Z", end = "2025-11-10T10:00:00Z", whatFailed = "frontend fe1 inbound: not delivered", tenants = new[] { "t1" } }));
        // Announced Mon 3 Nov for Mon 10 Nov 22:00–24:00 Berlin, all tenants: in time, exempt; the outage inside it does not count.
        Ok(await http.PostAsJsonAsync("/api/sla/maintenance", new { announcedAt = "2025-11-03T09:00:00Z", start = "2025-11-12T21:00:00Z", end = "2025-11-12T23:00:00Z", outageExpected = true, effects = "database upgrade" }));
        Ok(await http.PostAsJsonAsync("/api/sla/outages", new { start = "2025-11-12T21:00:00Z", end = "2025-11-12T22:00:00Z", whatFailed = "maintenance" }));
        // Announced Mon 17 Nov for Tue 18 Nov 23:00 Berlin → 02:00: late, counts (60 min on the 18th, 120 on the 19th).
        Ok(await http.PostAsJsonAsync("/api/sla/maintenance", new { announcedAt = "2025-11-17T09:00:00Z", start = "2025-11-18T22:00:00Z", end = "2025-11-19T01:00:00Z", outageExpected = true, effects = "late kernel update" }));
        Ok(await http.PostAsJsonAsync("/api/sla/outages", new { start = "2025-11-18T22:00:00Z", end = "2025-11-19T01:00:00Z", whatFailed = "late kernel update" }));
        // Tue 25 Nov: t2's carrier outage, excluded with a reason.
        Ok(await http.PostAsJsonAsync("/api/sla/outages", new { start = "2025-11-25T10:00:00Z", end = "2025-11-25T11:00:00Z", whatFailed = "upstream", tenants = new[] { "t2" } }));
        Ok(await http.PostAsJsonAsync("/api/sla/exclusions", new { start = "2025-11-25T10:00:00Z", end = "2025-11-25T11:00:00Z", reason = "carrier outage", tenants = new[] { "t2" } }));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_svg_chart_shows_each_day_and_marks_exemptions()
    {
        var svg = XDocument.Parse(await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&tenant=t1&format=svg")).Root!;
        Assert.Equal("2025-11", svg.Attribute("data-period")?.Value);
        Assert.Equal("t1", svg.Attribute("data-tenant")?.Value);

        var days = svg.Descendants(Svg + "rect").Where(r => Class(r).StartsWith("day", StringComparison.Ordinal)).ToDictionary(r => r.Attribute("data-day")!.Value);
        Assert.Equal(30, days.Count);
        Assert.Equal(1 - (120.0 / 1440), Double(days["2025-11-10"], "data-availability"), 5);
        Assert.Equal("day below", Class(days["2025-11-10"]));
        Assert.Equal(1.0, Double(days["2025-11-12"], "data-availability"), 9); // exempt maintenance does not count
        Assert.Equal(60, Double(days["2025-11-18"], "data-counted-minutes"), 3);
        Assert.Equal(120, Double(days["2025-11-19"], "data-counted-minutes"), 3);
        Assert.Equal("day ok", Class(days["2025-11-01"]));

        var markers = svg.Descendants(Svg + "g").Where(g => Class(g).StartsWith("marker", StringComparison.Ordinal)).ToList();
        var exempt = Assert.Single(markers, m => Class(m) == "marker exempt");
        Assert.Equal("2025-11-12", exempt.Attribute("data-day")!.Value);
        Assert.DoesNotContain(markers, m => Class(m) == "marker excluded"); // t2's exclusion is not t1's

        var strip = svg.Descendants(Svg + "rect").Where(r => Class(r).StartsWith("interruption", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "120", "180" }, strip.Where(r => Class(r) == "interruption counted").Select(r => r.Attribute("data-minutes")!.Value));
        Assert.Single(strip, r => Class(r) == "interruption exempt");
        Assert.Single(svg.Descendants(Svg + "line"), l => Class(l) == "target");

        var t2 = XDocument.Parse(await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&tenant=t2&format=svg")).Root!;
        Assert.Single(t2.Descendants(Svg + "g"), g => Class(g) == "marker excluded" && g.Attribute("data-day")!.Value == "2025-11-25");
        Assert.Single(t2.Descendants(Svg + "rect"), r => Class(r) == "interruption excluded");

        // overall: the service is down while any tenant is
        var all = XDocument.Parse(await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&format=svg")).Root!;
        Assert.Equal("all", all.Attribute("data-tenant")?.Value);
        Assert.Equal(1 - (120.0 / 1440), Double(all.Descendants(Svg + "rect").Single(r => r.Attribute("data-day")?.Value == "2025-11-10"), "data-availability"), 5);

        File.WriteAllText(Path.Combine(_gateway.DataDirectory, "t1.svg"), svg.ToString());
    }

    [Fact]
    public async Task The_page_is_in_the_tenant_contacts_language_unless_another_is_asked_for()
    {
        // t1's contacts have the default language, German; the whole service reads in English.
        var german = await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&tenant=t1&format=html");
        Assert.Contains("<html lang=\"de\">", german);
        Assert.Contains("<tr class=\"below\" data-day=\"2025-11-10\"><td>Mo 2025-11-10</td><td class=\"num\">91,667 %</td>", german);
        Assert.Contains("<td data-verdict=\"AnnouncedLate\">zählt: zu spät angekündigt</td>", german);
        Assert.Contains("data-language=\"de\"", await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&tenant=t1&format=svg"));
        Assert.Contains("<html lang=\"en\">", await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&format=html"));
        Assert.Contains("<html lang=\"de\">", await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&format=html&lang=DE"));

        // A tenant whose contacts read English gets English.
        Ok(await _gateway.Http.PutAsJsonAsync("/api/tenants/t2/contacts", new { language = "en", contacts = new[] { new { name = "Ops", email = "ops@t2.example" } } }));
        Assert.Contains("<html lang=\"en\">", await _gateway.Http.GetStringAsync("/api/sla/report?period=2025-11&tenant=t2&format=html"));

        using var refused = await _gateway.Http.GetAsync("/api/sla/report?period=2025-11&format=html&lang=fr");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("lang: 'fr' is not one of de, en.", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_html_page_has_the_tables_and_the_chart()
    {
        using var response = await _gateway.Http.GetAsync("/api/sla/report?period=2025-11&tenant=t1&format=html&lang=en");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<svg", html);
        Assert.Equal(30, Regex.Matches(html, "<tr class=\"(ok|below|future)\" data-day=\"2025-11-").Count);
        Assert.Matches("<tr class=\"below\" data-day=\"2025-11-10\"><td>Mon 2025-11-10</td><td class=\"num\">91.667 %</td><td class=\"num\">120</td>", html);
        Assert.Matches("<tr class=\"ok\" data-day=\"2025-11-12\">.*<td>M exempt</td>", html);
        // The row shows the outage minutes the window actually exempted (60), not the window's length (120).
        Assert.Contains("<td>2025-11-12 22:00</td><td>2025-11-12 23:00</td><td class=\"num\">60</td><td>exempt: maintenance</td><td>database upgrade (AnnouncedInTime)</td>", html);
        Assert.Contains("<td>2025-11-10 09:00</td><td>2025-11-10 11:00</td><td class=\"num\">120</td><td>counted</td><td>frontend fe1 inbound: not delivered</td>", html);
        Assert.Contains("<td>2025-11-18 23:00</td><td>2025-11-19 02:00</td><td class=\"num\">180</td><td>counted</td><td>late kernel update</td>", html);
        // The maintenance windows with their verdicts and what the announcement rests on (issue G §2/§3).
        Assert.Contains("<h2>Maintenance windows</h2>", html);
        Assert.Contains("<td>2025-11-12 22:00</td><td>2025-11-13 00:00</td><td>all tenants</td><td>yes</td><td>claimed (imported) 2025-11-03 10:00</td><td data-verdict=\"AnnouncedInTime\">exempt: announced in time</td><td>database upgrade</td>", html);
        Assert.Contains("<td data-verdict=\"AnnouncedLate\">counts: announced late</td><td>late kernel update</td>", html);
        Assert.Contains("imported history", html);
        Assert.DoesNotContain("Corrected records", html);
    }

    [Fact]
    public async Task Smgw_sla_report_prints_the_table_and_saves_the_chart()
    {
        var svgFile = Path.Combine(_gateway.DataDirectory, "cli.svg");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new Commands(output, error, new ApiClient(new HttpClient { BaseAddress = _gateway.Http.BaseAddress }))
            .RunAsync(["sla", "report", "--period", "2025-11", "--tenant", "t1", "--svg", svgFile]);
        Assert.True(code == 0, error.ToString());
        var text = output.ToString();
        Assert.Contains("SLA report 2025-11 — tenant t1", text);
        Assert.Contains("availability 99.306 % — meets the target", text); // 1 - 300 / 43200
        Assert.Contains("longest interruption 180 min (cap 240 min): 2025-11-18 23:00 – 2025-11-19 02:00 Berlin, ISO week 2025-W47", text);
        Assert.Matches(@"Mon 2025-11-10\s+91\.667 %\s+120", text);
        Assert.Matches(@"Wed 2025-11-12\s+100\.000 %\s+0  M", text);
        Assert.Matches(@"2025-11-12 22:00  2025-11-12 23:00\s+60  exempt maintenance\s+database upgrade", text);
        Assert.Matches(@"2025-11-18 23:00  2025-11-19 02:00\s+180  counted\s+late kernel update", text);
        Assert.Equal("t1", XDocument.Load(svgFile).Root!.Attribute("data-tenant")?.Value);

        var wrong = await new Commands(output, error, new ApiClient(new HttpClient { BaseAddress = _gateway.Http.BaseAddress }))
            .RunAsync(["sla", "report", "--period", "November"]);
        Assert.Equal(1, wrong);
    }

    [Fact]
    public async Task A_wrong_format_or_an_unknown_tenant_is_refused()
    {
        using var format = await _gateway.Http.GetAsync("/api/sla/report?period=2025-11&format=png");
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        using var tenant = await _gateway.Http.GetAsync("/api/sla/report?period=2025-11&tenant=nobody");
        Assert.Equal(HttpStatusCode.NotFound, tenant.StatusCode);
    }

    private static string Class(XElement element) => element.Attribute("class")?.Value ?? "";

    private static double Double(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
}
