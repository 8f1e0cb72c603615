using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Smgw.Tests.Infrastructure;
using Xunit;
using static Smgw.Tests.Infrastructure.HttpAssert;

namespace Smgw.Tests.EndToEnd;

/// <summary>The SLA accounting through the API: recorded interruptions, a late maintenance announcement, a tagged exclusion, the month's report and /metrics.</summary>
public sealed class SlaApiTests
{
    /// <summary>These tests record November 2025 (fixed weekdays and holidays): let the records reach back far enough.</summary>
    public const string HistoricalRecords = "3650.00:00:00";

    /// <summary>The settings under which the 2025 records of these tests are imported history (judged by claimed announcement times).</summary>
    public static Dictionary<string, string> History(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>(more ?? [])
        {
            ["Smgw__Sla__RecordsReachBack"] = HistoricalRecords,
            ["Smgw__Sla__ImportedHistoryBefore"] = "2026-01-01T00:00:00Z",
        };
        return settings;
    }

    [Fact]
    public async Task Records_without_a_time_with_an_implausible_time_or_for_an_unknown_tenant_are_refused()
    {
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("t1", new { domains = new[] { "t1.example" } });
        var http = gateway.Http;
        var now = DateTimeOffset.UtcNow;
        string Iso(DateTimeOffset t) => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

        // Before: no start stored 0001-01-01 and ruined every report; an exclusion without start excused all history.
        await Refused(http.PostAsJsonAsync("/api/sla/outages", new { end = Iso(now.AddMinutes(-5)), whatFailed = "x" }), "start: required");
        await Refused(http.PostAsJsonAsync("/api/sla/outages", new { start = "0001-01-01T00:00:00Z", whatFailed = "x" }), "start: required");
        await Refused(http.PostAsJsonAsync("/api/sla/exclusions", new { end = Iso(now.AddMinutes(-5)), reason = "carrier" }), "start: required");
        await Refused(http.PostAsJsonAsync("/api/sla/outages", new { start = Iso(now.AddDays(-500)), whatFailed = "x" }), "start: ");
        await Refused(http.PostAsJsonAsync("/api/sla/outages", new { start = Iso(now.AddHours(2)), whatFailed = "x" }), "is after now");
        await Refused(http.PostAsJsonAsync("/api/sla/exclusions", new { start = Iso(now.AddHours(-2)), end = Iso(now.AddDays(3)), reason = "carrier" }), "end: ");
        await Refused(http.PostAsJsonAsync("/api/sla/maintenance", new { start = Iso(now.AddDays(400)), end = Iso(now.AddDays(400).AddHours(1)), outageExpected = true, notify = false }), "more than 366 days ahead");
        // A record for a tenant that does not exist would count nowhere.
        await Refused(http.PostAsJsonAsync("/api/sla/outages", new { start = Iso(now.AddHours(-2)), end = Iso(now.AddHours(-1)), whatFailed = "x", tenants = new[] { "ghost" } }), "tenants: there is no tenant 'ghost'");
        await Refused(http.PostAsJsonAsync("/api/sla/exclusions", new { start = Iso(now.AddHours(-2)), end = Iso(now.AddHours(-1)), reason = "carrier", tenants = new[] { "ghost" } }), "no tenant 'ghost'");

        // Plausible records pass, and nothing of the refused ones is on record.
        Ok(await http.PostAsJsonAsync("/api/sla/outages", new { start = Iso(now.AddHours(-2)), end = Iso(now.AddHours(-1)), whatFailed = "inbound", tenants = new[] { "t1" } }));
        var period = now.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var report = await http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}");
        Assert.Single(report.GetProperty("outages").EnumerateArray(), o => o.GetProperty("recordedBy").GetString() != "heartbeat");
        Assert.Empty(report.GetProperty("exclusions").EnumerateArray());
    }

    [Fact]
    public async Task Corrections_need_a_reason_keep_the_original_and_the_report_names_the_figures_resting_on_them()
    {
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("t1", new { domains = new[] { "t1.example" } });
        await gateway.PutTenantAsync("t2", new { domains = new[] { "t2.example" } });
        var http = gateway.Http;
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var period = start.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        async Task<JsonElement> ReportAsync() => await http.GetFromJsonAsync<JsonElement>($"/api/sla/report?period={period}");
        static double Counted(JsonElement report, string tenant) => report.GetProperty("tenants").GetProperty(tenant).GetProperty("countedDowntimeMinutes").GetDouble();

        var outage = await Json(http.PostAsJsonAsync("/api/sla/outages", new { start, end = start.AddMinutes(60), whatFailed = "inbound", tenants = new[] { "t1" } }));
        var outageId = outage.GetProperty("id").GetString()!;
        var t2Outage = await Json(http.PostAsJsonAsync("/api/sla/outages", new { start, end = start.AddMinutes(40), whatFailed = "carrier", tenants = new[] { "t2" } }));
        var exclusion = await Json(http.PostAsJsonAsync("/api/sla/exclusions", new { start, end = start.AddMinutes(40), reason = "carrier outage", tenants = new[] { "t2" } }));
        var before = await ReportAsync();
        Assert.Equal(60, Counted(before, "t1"), 3);
        Assert.Equal(0, Counted(before, "t2"), 3);
        Assert.Empty(before.GetProperty("corrections").EnumerateArray());

        // No reason, no correction; an unknown record is named.
        await Refused(http.PostAsJsonAsync($"/api/sla/outages/{outageId}/amend", new { start, end = start.AddMinutes(30), whatFailed = "inbound", tenants = new[] { "t1" } }), "correctionReason: required");
        await Refused(http.PostAsJsonAsync("/api/sla/outages/o-nothing/withdraw", new { correctionReason = "x" }), "no outage record 'o-nothing'");
        // The route names the kind: an exclusion is not withdrawn through the outages route.
        await Refused(http.PostAsJsonAsync($"/api/sla/outages/{exclusion.GetProperty("id").GetString()}/withdraw", new { correctionReason = "x" }), "no outage record");
        // A correction is validated like a new record.
        await Refused(http.PostAsJsonAsync($"/api/sla/outages/{outageId}/amend", new { end = start.AddMinutes(30), whatFailed = "inbound", correctionReason = "typo" }), "start: required");

        var amended = await Json(http.PostAsJsonAsync($"/api/sla/outages/{outageId}/amend", new { start, end = start.AddMinutes(30), whatFailed = "inbound", tenants = new[] { "t1" }, correctionReason = "end time typed wrong; the probe log shows 30 min" }));
        Assert.Equal(outageId, amended.GetProperty("id").GetString());
        Ok(await http.PostAsJsonAsync($"/api/sla/exclusions/{exclusion.GetProperty("id").GetString()}/withdraw", new { correctionReason = "the carrier outage was ours after all" }));
        // Withdrawn stays withdrawn.
        await Refused(http.PostAsJsonAsync($"/api/sla/exclusions/{exclusion.GetProperty("id").GetString()}/withdraw", new { correctionReason = "again" }), "withdrawn records stay withdrawn");

        var after = await ReportAsync();
        Assert.Equal(30, Counted(after, "t1"), 3);
        Assert.Equal(40, Counted(after, "t2"), 3);
        var rests = after.GetProperty("restsOnCorrections");
        Assert.Equal([outageId], rests.GetProperty("t1").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal([exclusion.GetProperty("id").GetString()], rests.GetProperty("t2").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(2, rests.GetProperty("all").GetArrayLength());
        Assert.True(after.GetProperty("outages").EnumerateArray().Single(o => o.GetProperty("id").GetString() == outageId).GetProperty("corrected").GetBoolean());
        Assert.False(after.GetProperty("outages").EnumerateArray().Single(o => o.GetProperty("id").GetString() == t2Outage.GetProperty("id").GetString()).GetProperty("corrected").GetBoolean());
        Assert.Empty(after.GetProperty("exclusions").EnumerateArray());

        // The audit trail keeps who, when, why and both versions.
        var trail = await http.GetFromJsonAsync<JsonElement>("/api/sla/corrections");
        Assert.Equal(2, trail.GetArrayLength());
        var first = trail[0];
        Assert.Equal("Amended", first.GetProperty("action").GetString());
        Assert.Equal("outage", first.GetProperty("kind").GetString());
        Assert.NotEmpty(first.GetProperty("by").GetString()!);
        Assert.InRange(first.GetProperty("at").GetDateTimeOffset(), start, DateTimeOffset.UtcNow);
        Assert.Equal(start.AddMinutes(60), JsonSerializer.Deserialize<JsonElement>(first.GetProperty("before").GetString()!).GetProperty("end").GetDateTimeOffset());
        Assert.Equal(start.AddMinutes(30), JsonSerializer.Deserialize<JsonElement>(first.GetProperty("after").GetString()!).GetProperty("end").GetDateTimeOffset());
        Assert.Equal("Withdrawn", trail[1].GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, trail[1].GetProperty("after").ValueKind);

        var page = await http.GetStringAsync($"/api/sla/report?period={period}&tenant=t1&format=html&lang=en");
        Assert.Contains("Corrected records", page);
        Assert.Contains($"outage {outageId} amended", page);
        Assert.Contains("the probe log shows 30 min", page);
        Assert.DoesNotContain("ours after all", page); // t2's correction is not t1's

        // A maintenance window corrected is recorded anew: moved to work that has begun, it cannot be exempt.
        var window = await Json(http.PostAsJsonAsync("/api/sla/maintenance", new { announcedAt = DateTimeOffset.UtcNow, start = DateTimeOffset.UtcNow.AddDays(10), end = DateTimeOffset.UtcNow.AddDays(10).AddHours(1), outageExpected = true, effects = "upgrade", notify = false }));
        Assert.Equal("AnnouncedInTime", window.GetProperty("verdict").GetString());
        var moved = await Json(http.PostAsJsonAsync($"/api/sla/maintenance/{window.GetProperty("window").GetProperty("id").GetString()}/amend", new
        {
            announcedAt = DateTimeOffset.UtcNow.AddDays(-10), start = DateTimeOffset.UtcNow.AddMinutes(-20), end = DateTimeOffset.UtcNow.AddMinutes(40), outageExpected = true, effects = "upgrade", correctionReason = "the work started early",
        }));
        Assert.Equal("RecordedAfterStart", moved.GetProperty("verdict").GetString());
        Assert.False(moved.GetProperty("exempt").GetBoolean());
        Assert.True(moved.GetProperty("window").GetProperty("recordedAt").GetDateTimeOffset() > window.GetProperty("window").GetProperty("recordedAt").GetDateTimeOffset());
    }

    private static async Task<JsonElement> Json(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Ok(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task Refused(Task<HttpResponseMessage> call, string detail)
    {
        using var response = await call;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_november_report_counts_what_the_rules_say()
    {
        await using var gateway = new GatewayProcess(History(new() { ["Smgw__Reminders__Interval"] = "00:00:01" }));
        await gateway.StartAsync();
        await gateway.PutTenantAsync("t1", new { domains = new[] { "t1.example" } });
        await gateway.PutTenantAsync("t2", new { domains = new[] { "t2.example" } });
        var http = gateway.Http;

        Ok(await http.PostAsJsonAsync("/api/sla/outages", new { start = "2025-11-10T08:00:00Z", end = "2025-11-10T10:00:00Z", whatFailed = "inbound probe", tenants = new[] { "t1" } }));
        Ok(await http.PostAsJsonAsync("/api/sla/outages", new { start = "2025-11-25T10:00:00Z", end = "2025-11-25T11:00:00Z", whatFailed = "upstream", tenants = new[] { "t2" } }));
        Ok(await http.PostAsJsonAsync("/api/sla/exclusions", new { start = "2025-11-25T10:00:00Z", end = "2025-11-25T11:00:00Z", reason = "carrier outage outside the operator's control", tenants = new[] { "t2" } }));
        using (var noReason = await http.PostAsJsonAsync("/api/sla/exclusions", new { start = "2025-11-25T10:00:00Z", end = "2025-11-25T11:00:00Z" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        // Announced Mon 17 Nov for Tue 18 Nov: too late (three full Saxon working days must lie between).
        using var late = await http.PostAsJsonAsync("/api/sla/maintenance", new
        {
            announcedAt = "2025-11-17T09:00:00Z", start = "2025-11-18T22:00:00Z", end = "2025-11-19T01:00:00Z", outageExpected = true, effects = "database upgrade",
        });
        var lateVerdict = await late.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(lateVerdict.GetProperty("exempt").GetBoolean(), lateVerdict.ToString());

        var report = await http.GetFromJsonAsync<JsonElement>("/api/sla/report?period=2025-11");
        Assert.True(report.GetProperty("complete").GetBoolean());
        var t1 = report.GetProperty("tenants").GetProperty("t1");
        Assert.Equal(120, t1.GetProperty("countedDowntimeMinutes").GetDouble(), 3);
        Assert.Equal(1 - 120.0 / (30 * 24 * 60), t1.GetProperty("availability").GetDouble(), 9);
        Assert.False(t1.GetProperty("interruptionCapBreached").GetBoolean());
        // Per ISO week: November 2025 touches W44–W48; t1's 120 min are in W46 (Mon 10 Nov), the cap held everywhere.
        var weeks = t1.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal(["2025-W44", "2025-W45", "2025-W46", "2025-W47", "2025-W48"], weeks.Select(w => w.GetProperty("week").GetString()));
        Assert.All(weeks, w => Assert.True(w.GetProperty("capMet").GetBoolean()));
        Assert.Equal(120, weeks[2].GetProperty("longestInterruptionMinutes").GetDouble(), 3);
        Assert.Equal(new DateTimeOffset(2025, 11, 10, 8, 0, 0, TimeSpan.Zero), weeks[2].GetProperty("longestStart").GetDateTimeOffset());
        Assert.Equal(0, weeks[3].GetProperty("longestInterruptionMinutes").GetDouble(), 3);
        var longest = t1.GetProperty("longestInterruption");
        Assert.Equal(new DateTimeOffset(2025, 11, 10, 8, 0, 0, TimeSpan.Zero), longest.GetProperty("start").GetDateTimeOffset());
        Assert.Equal("2025-W46", longest.GetProperty("week").GetString());
        var t2 = report.GetProperty("tenants").GetProperty("t2");
        Assert.Equal(60, t2.GetProperty("excludedMinutes").GetDouble(), 3);
        Assert.Equal(0, t2.GetProperty("countedDowntimeMinutes").GetDouble(), 3);
        Assert.Equal(120, report.GetProperty("overall").GetProperty("countedDowntimeMinutes").GetDouble(), 3);
        Assert.NotEmpty(report.GetProperty("rules").EnumerateArray());

        using var bad = await http.GetAsync("/api/sla/report?period=November");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        await Refused(http.GetAsync("/api/sla/report?period=20256"), "neither a month like 2025-11 nor a year like 2025");

        // The year 2025 (365 days): the same 120 counted minutes, and the report says which period it used.
        var year = await http.GetFromJsonAsync<JsonElement>("/api/sla/report?period=2025");
        Assert.Equal("2025", year.GetProperty("period").GetString());
        Assert.Equal("Year", year.GetProperty("periodKind").GetString());
        Assert.Equal(1 - 120.0 / (365 * 24 * 60), year.GetProperty("tenants").GetProperty("t1").GetProperty("availability").GetDouble(), 9);
        Assert.Equal("Month", report.GetProperty("periodKind").GetString());

        // A window of t2's in progress now (no outage expected, so no announcement needed).
        var now = DateTimeOffset.UtcNow;
        Ok(await http.PostAsJsonAsync("/api/sla/maintenance", new
        {
            announcedAt = now.AddMinutes(-20), start = now.AddMinutes(-10), end = now.AddHours(1), outageExpected = false, effects = "certificate rollover", tenants = new[] { "t2" },
        }));

        var metrics = await Eventually.WaitAsync(async () =>
        {
            var text = await http.GetStringAsync("/metrics");
            // a refresh after the tenants and the window were created (the first one may have come before)
            return text.Contains("smgw_sla_longest_interruption_week_seconds{tenant=\"t1\"} 0") && text.Contains("smgw_sla_maintenance_active{tenant=\"t2\"} 1") ? text : null;
        }, TimeSpan.FromSeconds(30), "the SLA gauges");
        Assert.Contains("smgw_sla_maintenance_active{tenant=\"t1\"} 0", metrics);
        Assert.Contains("smgw_sla_maintenance_active{tenant=\"all\"} 1", metrics);
        Assert.Contains("smgw_sla_availability_ratio{tenant=\"all\"} 1", metrics);
        Assert.Contains("smgw_sla_availability_ratio{tenant=\"t1\"} 1", metrics);
        Assert.Contains("smgw_sla_current_outage_seconds 0", metrics);
    }

}
