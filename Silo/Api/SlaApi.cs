using System.Globalization;
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
    public sealed record OutageRequest(DateTimeOffset Start, DateTimeOffset? End, string? WhatFailed, IReadOnlyList<string>? Tenants);

    public sealed record EndRequest(DateTimeOffset End);

    /// <param name="Notify">Mail the notice to the affected tenants' contacts (default: yes).</param>
    public sealed record MaintenanceRequest(DateTimeOffset? AnnouncedAt, DateTimeOffset Start, DateTimeOffset End, bool OutageExpected, string? Effects, IReadOnlyList<string>? Tenants, bool? Notify = null);

    public sealed record ExclusionRequest(DateTimeOffset Start, DateTimeOffset End, string? Reason, IReadOnlyList<string>? Tenants);

    private static readonly ApiRole[] Staff = [ApiRole.ServiceOwner, ApiRole.Operations];

    public static RouteGroupBuilder MapSlaApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sla/outages", (OutageRequest body, HttpContext http, IGrainFactory grains) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AddOutageAsync(new OutageRecord
            {
                Start = body.Start,
                End = body.End,
                WhatFailed = body.WhatFailed ?? "",
                Tenants = body.Tenants ?? [],
                RecordedBy = ApiAccess.PrincipalOf(http).Name,
            })))));

        api.MapPost("/sla/outages/{id}/end", (string id, EndRequest body, HttpContext http, IGrainFactory grains) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).EndOutageAsync(id, body.End)))));

        api.MapPost("/sla/maintenance", (MaintenanceRequest body, HttpContext http, IGrainFactory grains, IOptions<SlaOptions> options, Notices.MaintenanceNotices notices) => Guard(async () =>
        {
            if (Access.Require(http, Staff) is { } refused)
            {
                return refused;
            }
            var stored = await Sla(grains).AddMaintenanceAsync(new MaintenanceRecord
            {
                AnnouncedAt = body.AnnouncedAt,
                Start = body.Start,
                End = body.End,
                OutageExpected = body.OutageExpected,
                Effects = body.Effects ?? "",
                Tenants = body.Tenants ?? [],
                RecordedBy = ApiAccess.PrincipalOf(http).Name,
            });
            var window = SlaTimelines.From(new SlaRecords { Maintenance = [stored] }, []).MaintenanceWindows[0];
            var assessment = new SlaCalculator(options.Value).Maintenance.Assess(window);
            SlaMetrics.RequestRefresh();
            var notified = body.Notify == false ? [] : await notices.SendAsync(stored, http.RequestAborted);
            return Results.Ok(new { window = stored, verdict = assessment.Verdict.ToString(), exempt = assessment.IsExempt, earliestExemptStart = assessment.EarliestExemptStart, notified });
        }));

        api.MapPost("/sla/exclusions", (ExclusionRequest body, HttpContext http, IGrainFactory grains, TimeProvider time) => Guard(async () => Refreshed(
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AddExclusionAsync(new ExclusionRecord
            {
                Start = body.Start,
                End = body.End,
                Reason = body.Reason ?? "",
                Tenants = body.Tenants ?? [],
                TaggedBy = ApiAccess.PrincipalOf(http).Name,
                TaggedAt = time.GetUtcNow(),
            })))));

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

        api.MapGet("/sla/report", async (string? period, string? tenant, string? format, HttpContext http, IGrainFactory grains, IOptions<SlaOptions> options, IOptions<ProbeOptions> probe, TimeProvider time) =>
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
            else
            {
                return Results.Problem(title: "Invalid input", detail: $"period: '{period}' is not a month like 2025-11.", statusCode: 400);
            }
            if (format is not (null or "json" or "svg" or "html"))
            {
                return Results.Problem(title: "Invalid input", detail: $"format: '{format}' is not json, svg or html.", statusCode: 400);
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
            var timeline = SlaTimelines.From(records, tenants);
            var report = new SlaCalculator(options.Value).Report(timeline, slaPeriod, now);
            if (subject is not null && report.Tenants.All(t => t.Tenant != subject))
            {
                return Results.Problem(title: "Not found", detail: $"tenant: no tenant '{subject}' in the SLA records.", statusCode: 404);
            }
            var breakdown = SlaBreakdown.For(report, subject, records);
            if (format == "svg")
            {
                return Results.Text(SlaChart.RenderText(breakdown), "image/svg+xml", System.Text.Encoding.UTF8);
            }
            if (format == "html")
            {
                return Results.Text(SlaReportPage.Render(breakdown), "text/html", System.Text.Encoding.UTF8);
            }
            bool Visible(IReadOnlyList<string> affected) => affected.Count == 0 || affected.Any(principal.MayAccessTenant);
            bool Touches(DateTimeOffset start, DateTimeOffset? end) => start < slaPeriod.End && (end ?? now) > slaPeriod.Start;
            return Results.Ok(new
            {
                period = report.Period.Label,
                complete = report.IsComplete,
                rules = report.Rules.Describe(),
                overall = principal.Role == ApiRole.TenantAdmin ? null : Summary(report.Overall),
                tenants = report.Tenants.Where(t => t.Tenant is { } id && principal.MayAccessTenant(id)).ToDictionary(t => t.Tenant!, Summary),
                outages = records.Outages.Where(o => Touches(o.Start, o.End) && Visible(o.Tenants)).OrderBy(o => o.Start)
                    .Select(o => new { o.Id, o.Start, o.End, ongoing = o.End is null, o.WhatFailed, o.Tenants, o.RecordedBy }),
                maintenance = report.Maintenance.Where(m => Visible(records.Maintenance.First(r => r.Id == m.Window.Id).Tenants))
                    .Select(m => new { m.Window.Id, m.Window.Start, m.Window.End, m.Window.AnnouncedAt, m.Window.Effects, verdict = m.Verdict.ToString(), exempt = m.IsExempt }),
                exclusions = records.Exclusions.Where(x => Touches(x.Start, x.End) && Visible(x.Tenants))
                    .Select(x => new { x.Id, x.Start, x.End, x.Reason, x.Tenants, x.TaggedBy, x.TaggedAt }),
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
