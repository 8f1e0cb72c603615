using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Smgw.Grains.Sla;
using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Sla;
using Smgw.Silo.Probe;
using Smgw.Silo.Sla;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// SLA accounting (SLA-1…3): operators record interruptions and maintenance windows, the service
/// owner or operations tag disturbances outside the operator's control, and everyone reads the
/// report for a period (a tenant admin: their tenant's figures only).
/// </summary>
public static class SlaApi
{
    public sealed record OutageRequest(DateTimeOffset Start, DateTimeOffset? End, string? WhatFailed, IReadOnlyList<string>? Tenants)
    {
        public OutageRecord ToRecord() => Outage(Start, End, WhatFailed, Tenants);
    }

    public sealed record EndRequest(DateTimeOffset End);

    /// <param name="Notify">Mail the notice to the affected tenants' contacts (default: yes).</param>
    public sealed record MaintenanceRequest(DateTimeOffset? AnnouncedAt, DateTimeOffset Start, DateTimeOffset End, bool OutageExpected, string? Effects, IReadOnlyList<string>? Tenants, bool? Notify = null)
    {
        public MaintenanceRecord ToRecord() => Maintenance(AnnouncedAt, Start, End, OutageExpected, Effects, Tenants);
    }

    public sealed record ExclusionRequest(DateTimeOffset Start, DateTimeOffset End, string? Reason, IReadOnlyList<string>? Tenants)
    {
        public ExclusionRecord ToRecord() => Exclusion(Start, End, Reason, Tenants);
    }

    /// <summary>A correction: the record's fields as they should be, and why (issue G §2).</summary>
    public sealed record OutageAmendment(DateTimeOffset Start, DateTimeOffset? End, string? WhatFailed, IReadOnlyList<string>? Tenants, string? CorrectionReason)
    {
        public OutageRecord ToRecord() => Outage(Start, End, WhatFailed, Tenants);
    }

    public sealed record MaintenanceAmendment(DateTimeOffset? AnnouncedAt, DateTimeOffset Start, DateTimeOffset End, bool OutageExpected, string? Effects, IReadOnlyList<string>? Tenants, string? CorrectionReason, bool? Notify = null)
    {
        public MaintenanceRecord ToRecord() => Maintenance(AnnouncedAt, Start, End, OutageExpected, Effects, Tenants);
    }

    public sealed record ExclusionAmendment(DateTimeOffset Start, DateTimeOffset End, string? Reason, IReadOnlyList<string>? Tenants, string? CorrectionReason)
    {
        public ExclusionRecord ToRecord() => Exclusion(Start, End, Reason, Tenants);
    }

    public sealed record WithdrawRequest(string? CorrectionReason);

    private static OutageRecord Outage(DateTimeOffset start, DateTimeOffset? end, string? whatFailed, IReadOnlyList<string>? tenants) =>
        new() { Start = start, End = end, WhatFailed = whatFailed ?? "", Tenants = tenants ?? [] };

    private static MaintenanceRecord Maintenance(DateTimeOffset? announcedAt, DateTimeOffset start, DateTimeOffset end, bool outageExpected, string? effects, IReadOnlyList<string>? tenants) =>
        new() { AnnouncedAt = announcedAt, Start = start, End = end, OutageExpected = outageExpected, Effects = effects ?? "", Tenants = tenants ?? [] };

    private static ExclusionRecord Exclusion(DateTimeOffset start, DateTimeOffset end, string? reason, IReadOnlyList<string>? tenants) =>
        new() { Start = start, End = end, Reason = reason ?? "", Tenants = tenants ?? [] };

    private static readonly ApiRole[] Staff = [ApiRole.ServiceOwner, ApiRole.Operations];

    public static RouteGroupBuilder MapSlaApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sla/outages", (OutageRequest body, HttpContext http, IGrainFactory grains) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AddOutageAsync(body.ToRecord() with { RecordedBy = ApiAccess.PrincipalOf(http).Name })))));

        api.MapPost("/sla/outages/{id}/end", (string id, EndRequest body, HttpContext http, IGrainFactory grains) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).EndOutageAsync(id, body.End)))));

        api.MapPost("/sla/maintenance", (MaintenanceRequest body, HttpContext http, IGrainFactory grains, IOptions<SlaOptions> options, Notices.MaintenanceNotices notices, TimeProvider time) => Guard(async () =>
        {
            if (Access.Require(http, Staff) is { } refused)
            {
                return refused;
            }
            var stored = await Sla(grains).AddMaintenanceAsync(body.ToRecord() with { RecordedBy = ApiAccess.PrincipalOf(http).Name });
            return await AnnouncedAsync(stored, body.Notify, grains, options.Value, notices, time, http.RequestAborted);
        }));

        api.MapPost("/sla/exclusions", (ExclusionRequest body, HttpContext http, IGrainFactory grains, TimeProvider time) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AddExclusionAsync(body.ToRecord() with { TaggedBy = ApiAccess.PrincipalOf(http).Name, TaggedAt = time.GetUtcNow() })))));

        // Corrections (issue G §2): same id, a mandatory reason, the version before kept in the audit trail.
        api.MapPost("/sla/outages/{id}/amend", (string id, OutageAmendment body, HttpContext http, IGrainFactory grains) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AmendOutageAsync(id, body.ToRecord(), body.CorrectionReason ?? "", ApiAccess.PrincipalOf(http).Name)))));

        api.MapPost("/sla/maintenance/{id}/amend", (string id, MaintenanceAmendment body, HttpContext http, IGrainFactory grains, IOptions<SlaOptions> options, Notices.MaintenanceNotices notices, TimeProvider time) => Guard(async () =>
        {
            if (Access.Require(http, Staff) is { } refused)
            {
                return refused;
            }
            var stored = await Sla(grains).AmendMaintenanceAsync(id, body.ToRecord(), body.CorrectionReason ?? "", ApiAccess.PrincipalOf(http).Name);
            return await AnnouncedAsync(stored, body.Notify, grains, options.Value, notices, time, http.RequestAborted);
        }));

        api.MapPost("/sla/exclusions/{id}/amend", (string id, ExclusionAmendment body, HttpContext http, IGrainFactory grains) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AmendExclusionAsync(id, body.ToRecord(), body.CorrectionReason ?? "", ApiAccess.PrincipalOf(http).Name)))));

        foreach (var (route, kind) in new[] { ("outages", "outage"), ("maintenance", "maintenance"), ("exclusions", "exclusion") })
        {
            api.MapPost($"/sla/{route}/{{id}}/withdraw", (string id, WithdrawRequest body, HttpContext http, IGrainFactory grains) => Guard(async () => Refreshed(
                Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).WithdrawAsync(kind, id, body.CorrectionReason ?? "", ApiAccess.PrincipalOf(http).Name)))));
        }

        // The audit trail of the SLA records.
        api.MapGet("/sla/corrections", async (HttpContext http, IGrainFactory grains) =>
            Access.Require(http, Staff) ?? Results.Ok((await Sla(grains).GetRecordsAsync()).Corrections));

        // The gateway's processes as their heartbeats record them (the evidence behind "gateway not running").
        api.MapGet("/sla/processes", async (HttpContext http, Smgw.Storage.Heartbeats.HeartbeatStore heartbeats, IOptions<Smgw.Storage.Heartbeats.HeartbeatOptions> options, TimeProvider time) =>
        {
            if (Access.Require(http, Staff) is { } refused)
            {
                return refused;
            }
            var now = time.GetUtcNow();
            var rows = await heartbeats.ReadAsync(http.RequestAborted);
            return Results.Ok(rows.OrderByDescending(r => r.Last).Select(r => new
            {
                r.Instance, r.Roles, r.Host, r.Started, lastHeartbeat = r.Last, r.Stopped,
                running = !r.Stopped && now - r.Last <= options.Value.AllowedSilence,
            }));
        });

        api.MapGet("/sla/report", async (string? period, string? tenant, string? format, string? lang, HttpContext http, IGrainFactory grains, IOptions<SlaOptions> options, IOptions<ProbeOptions> probe, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            SlaPeriod slaPeriod;
            if (string.IsNullOrEmpty(period))
            {
                slaPeriod = SlaPeriod.Containing(options.Value.AvailabilityPeriod, now);
            }
            else if (DateTime.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            {
                slaPeriod = SlaPeriod.Month(month.Year, month.Month);
            }
            else if (period.Length == 4 && int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 2000)
            {
                slaPeriod = SlaPeriod.Year(year);
            }
            else
            {
                return Results.Problem(title: "Invalid input", detail: $"period: '{period}' is neither a month like 2025-11 nor a year like 2025.", statusCode: 400);
            }
            if (format is not (null or "json" or "svg" or "html"))
            {
                return Results.Problem(title: "Invalid input", detail: $"format: '{format}' is not json, svg or html.", statusCode: 400);
            }
            if (lang is not null && SlaWords.For(lang) is null)
            {
                return Results.Problem(title: "Invalid input", detail: $"lang: '{lang}' is not one of {string.Join(", ", SlaWords.Languages)}.", statusCode: 400);
            }
            var principal = ApiAccess.PrincipalOf(http);
            // The subject of the daily figures and the chart: the tenant asked for, a tenant admin's own tenant, or the service.
            var subject = tenant is { Length: > 0 } ? tenant : principal.Role == ApiRole.TenantAdmin ? principal.TenantId : null;
            if (subject is not null && !principal.MayAccessTenant(subject))
            {
                return Results.Problem(title: "Forbidden", detail: $"tenant: you may not read tenant '{subject}'.", statusCode: 403);
            }
            var tenants = await SlaTenantsAsync(grains, probe.Value);
            var records = await Sla(grains).GetRecordsAsync();
            var timeline = SlaTimelines.From(records, tenants, options.Value);
            var report = new SlaCalculator(options.Value).Report(timeline, slaPeriod, now);
            if (subject is not null && report.Tenants.All(t => t.Tenant != subject))
            {
                return Results.Problem(title: "Not found", detail: $"tenant: no tenant '{subject}' in the SLA records.", statusCode: 404);
            }
            var breakdown = SlaBreakdown.For(report, subject, records);
            bool Visible(IReadOnlyList<string> affected) => affected.Count == 0 || affected.Any(principal.MayAccessTenant);
            // The corrections the figures may rest on: records amended or withdrawn whose old or new version touches the period.
            var corrections = records.Corrections.Select(c => CorrectionScope.Of(c, now))
                .Where(c => c.Touches(slaPeriod) && (c.Tenants.IsAll || c.Tenants.Tenants.Any(principal.MayAccessTenant))).ToList();
            var corrected = corrections.Select(c => c.Correction.RecordId).ToHashSet(StringComparer.Ordinal);
            if (format is "svg" or "html")
            {
                // People read these: in the language asked for, else the tenant contacts' language (the whole service: English).
                var words = SlaWords.For(lang)
                    ?? (subject is null ? SlaWords.English : SlaWords.For((await grains.GetGrain<Smgw.Interfaces.Tenants.ITenantProfileGrain>(subject).GetAsync()).Contacts.Language) ?? SlaWords.German);
                return format == "svg"
                    ? Results.Text(SlaChart.RenderText(breakdown, words), "image/svg+xml", System.Text.Encoding.UTF8)
                    : Results.Text(SlaReportPage.Render(breakdown, [.. corrections.Where(c => c.Concerns(subject)).Select(c => c.Describe(words.Language))], words), "text/html", System.Text.Encoding.UTF8);
            }
            bool Touches(DateTimeOffset start, DateTimeOffset? end) => start < slaPeriod.End && (end ?? now) > slaPeriod.Start;
            return Results.Ok(new
            {
                period = report.Period.Label,
                periodKind = report.Period.Kind.ToString(),
                complete = report.IsComplete,
                rules = report.Rules.Describe(),
                overall = principal.Role == ApiRole.TenantAdmin ? null : Summary(report.Overall),
                tenants = report.Tenants.Where(t => t.Tenant is { } id && principal.MayAccessTenant(id)).ToDictionary(t => t.Tenant!, Summary),
                // Which figures rest on corrected records (null: the whole service).
                restsOnCorrections = report.Tenants.Where(t => t.Tenant is { } id && principal.MayAccessTenant(id)).Prepend(report.Overall)
                    .Where(t => t.Tenant is not null || principal.Role != ApiRole.TenantAdmin)
                    .ToDictionary(t => t.Tenant ?? "all", t => corrections.Where(c => c.Concerns(t.Tenant)).Select(c => c.Correction.RecordId).Distinct().ToList()),
                corrections = corrections.Select(c => new
                {
                    c.Correction.RecordId, c.Correction.Kind, action = c.Correction.Action.ToString(), c.Correction.Reason, c.Correction.By, c.Correction.At,
                    before = JsonSerializer.Deserialize<JsonElement>(c.Correction.Before),
                    after = c.Correction.After is { } after ? JsonSerializer.Deserialize<JsonElement>(after) : (JsonElement?)null,
                }),
                outages = records.Outages.Where(o => Touches(o.Start, o.End) && Visible(o.Tenants)).OrderBy(o => o.Start)
                    .Select(o => new { o.Id, o.Start, o.End, ongoing = o.End is null, o.WhatFailed, o.Tenants, o.RecordedBy, corrected = corrected.Contains(o.Id) }),
                maintenance = report.Maintenance.Where(m => Visible(records.Maintenance.First(r => r.Id == m.Window.Id).Tenants))
                    .Select(m => new
                    {
                        m.Window.Id, m.Window.Start, m.Window.End, m.Window.Effects, m.Window.OutageExpected,
                        claimedAnnouncedAt = records.Maintenance.First(r => r.Id == m.Window.Id).AnnouncedAt,
                        m.Window.RecordedAt,
                        corrected = corrected.Contains(m.Window.Id),
                        assessment = Assessment(m),
                    }),
                exclusions = records.Exclusions.Where(x => Touches(x.Start, x.End) && Visible(x.Tenants))
                    .Select(x => new { x.Id, x.Start, x.End, x.Reason, x.Tenants, x.TaggedBy, x.TaggedAt, corrected = corrected.Contains(x.Id) }),
                subject = subject ?? "all",
                daily = breakdown.Days.Select(d => new
                {
                    day = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    availability = d.Availability,
                    countedDowntimeMinutes = d.CountedDowntime.TotalMinutes,
                    exemptMaintenance = d.ExemptMaintenance,
                    excluded = d.Excluded,
                    future = d.Future,
                }),
                interruptions = breakdown.Interruptions.Select(i => new
                {
                    i.Start, i.End, minutes = i.Duration.TotalMinutes, kind = i.Kind.ToString(), i.Reason, i.Ongoing,
                }),
            });
        });
        return api;
    }

    /// <summary>
    /// After a window was recorded or corrected: the notice mail to the affected tenants' contacts
    /// (not for work that has begun), its evidence recorded, and the rulings on the window.
    /// </summary>
    private static async Task<IResult> AnnouncedAsync(MaintenanceRecord stored, bool? notify, IGrainFactory grains, SlaOptions options, Notices.MaintenanceNotices notices, TimeProvider time, CancellationToken cancellationToken)
    {
        IReadOnlyList<Notices.MaintenanceNotices.TenantNotice> notified = [];
        string? noticeNotSent = null;
        if (notify == false)
        {
            noticeNotSent = "notify: false";
        }
        else if (stored.Start <= time.GetUtcNow())
        {
            // Work that has begun is not "scheduled": no notice, and the window cannot be exempt.
            noticeNotSent = "the window had started when it was recorded; no notice is mailed for work that has begun";
        }
        else
        {
            notified = await notices.SendAsync(stored, cancellationToken);
            stored = await Sla(grains).RecordNoticeAsync(stored.Id,
                [.. notified.Where(n => n.Sent.Count > 0).Select(n => n.TenantId)],
                [.. notified.Where(n => n.Sent.Count == 0).Select(n => n.TenantId)]);
        }
        SlaMetrics.RequestRefresh();
        var rules = new SlaCalculator(options).Maintenance;
        var assessments = SlaTimelines.Windows(stored, options).Select(rules.Assess).ToList();
        // The verdict that matters is the worst: exempt only when exempt for every affected tenant.
        var decisive = assessments.FirstOrDefault(a => !a.IsExempt) ?? assessments[0];
        return Results.Ok(new
        {
            window = stored,
            verdict = decisive.Verdict.ToString(),
            exempt = decisive.IsExempt,
            earliestExemptStart = decisive.EarliestExemptStart,
            assessments = assessments.Select(Assessment),
            notified,
            noticeNotSent,
        });
    }

    /// <summary>One ruling on a window, with what its announcement time rests on.</summary>
    private static object Assessment(MaintenanceAssessment a) => new
    {
        tenants = a.Window.Affected.IsAll ? "all" : string.Join(", ", a.Window.Affected.Tenants),
        evidence = a.Window.Evidence.ToString(),
        announcedAt = a.Window.AnnouncedAt,
        verdict = a.Verdict.ToString(),
        exempt = a.IsExempt,
        earliestExemptStart = a.EarliestExemptStart,
    };

    private static object Summary(SubjectReport subject) => new
    {
        availability = subject.Availability,
        meetsTarget = subject.MeetsTarget,
        countedDowntimeMinutes = subject.CountedDowntime.TotalMinutes,
        exemptMaintenanceMinutes = subject.ExemptMaintenanceTime.TotalMinutes,
        excludedMinutes = subject.ExcludedTime.TotalMinutes,
        errorBudgetRemainingMinutes = subject.ErrorBudgetRemaining.TotalMinutes,
        longestInterruptionMinutes = subject.LongestInterruption.TotalMinutes,
        interruptionCapBreached = subject.InterruptionCapBreached,
        // The interruption the longest figure comes from (it may lie in the part of a touching ISO week outside the period).
        longestInterruption = subject.LongestPeriod is { Longest: { } longest } week
            ? new { start = longest.Start, end = longest.End, week = week.Period.Label }
            : null,
        // SLA-2 per ISO week touching the period: the longest counted interruption (whole, it may reach into the next week) and whether the cap held.
        weeks = subject.InterruptionPeriods.Select(w => new
        {
            week = w.Period.Label,
            longestInterruptionMinutes = w.LongestCounted.TotalMinutes,
            longestStart = w.Longest?.Start,
            longestEnd = w.Longest?.End,
            capMet = !w.CapBreached,
        }),
    };

    /// <summary>The tenants the SLA is accounted for: every registered tenant but the probe's own.</summary>
    public static async Task<IReadOnlyList<string>> SlaTenantsAsync(IGrainFactory grains, ProbeOptions probe) =>
        (await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync()).Tenants
            .Select(t => t.Id).Where(id => id != probe.TenantId).ToList();

    /// <summary>A record was written: the SLA gauges follow now (the 240-minute alert reads them).</summary>
    private static IResult Refreshed(IResult result)
    {
        SlaMetrics.RequestRefresh();
        return result;
    }

    private static ISlaGrain Sla(IGrainFactory grains) => grains.GetGrain<ISlaGrain>(ISlaGrain.DefaultKey);
}
