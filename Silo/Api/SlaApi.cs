using System.Globalization;
using Microsoft.Extensions.Options;
using Smgw.Grains.Sla;
using Smgw.Interfaces;
using Smgw.Interfaces.Access;
using Smgw.Interfaces.Sla;
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
        api.MapPost("/sla/outages", (OutageRequest body, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AddOutageAsync(new OutageRecord
            {
                Start = body.Start,
                End = body.End,
                WhatFailed = body.WhatFailed ?? "",
                Tenants = body.Tenants ?? [],
                RecordedBy = ApiAccess.PrincipalOf(http).Name,
            }))));

        api.MapPost("/sla/outages/{id}/end", (string id, EndRequest body, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).EndOutageAsync(id, body.End))));

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
            var notified = body.Notify == false ? [] : await notices.SendAsync(stored, http.RequestAborted);
            return Results.Ok(new { window = stored, verdict = assessment.Verdict.ToString(), exempt = assessment.IsExempt, earliestExemptStart = assessment.EarliestExemptStart, notified });
        }));

        api.MapPost("/sla/exclusions", (ExclusionRequest body, HttpContext http, IGrainFactory grains, TimeProvider time) => Guard(async () =>
            Access.Require(http, Staff) ?? Results.Ok(await Sla(grains).AddExclusionAsync(new ExclusionRecord
            {
                Start = body.Start,
                End = body.End,
                Reason = body.Reason ?? "",
                Tenants = body.Tenants ?? [],
                TaggedBy = ApiAccess.PrincipalOf(http).Name,
                TaggedAt = time.GetUtcNow(),
            }))));

        api.MapGet("/sla/report", async (string? period, HttpContext http, IGrainFactory grains, IOptions<SlaOptions> options, TimeProvider time) =>
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
            var principal = ApiAccess.PrincipalOf(http);
            var tenants = (await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync()).Tenants.Select(t => t.Id).ToList();
            var timeline = SlaTimelines.From(await Sla(grains).GetRecordsAsync(), tenants);
            var report = new SlaCalculator(options.Value).Report(timeline, slaPeriod, now);
            return Results.Ok(new
            {
                period = report.Period.Label,
                complete = report.IsComplete,
                rules = report.Rules.Describe(),
                overall = principal.Role == ApiRole.TenantAdmin ? null : Summary(report.Overall),
                tenants = report.Tenants.Where(t => t.Tenant is { } id && principal.MayAccessTenant(id)).ToDictionary(t => t.Tenant!, Summary),
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

    private static ISlaGrain Sla(IGrainFactory grains) => grains.GetGrain<ISlaGrain>(ISlaGrain.DefaultKey);
}
