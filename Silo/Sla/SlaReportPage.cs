using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Smgw.Grains.Sla;

namespace Smgw.Silo.Sla;

/// <summary>The monthly report as one self-contained HTML page: summary, the chart, the daily table and every interruption with exemptions marked.</summary>
public static class SlaReportPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="corrections">One line per amended or withdrawn record the figures may rest on (issue G §2).</param>
    public static string Render(SlaBreakdown breakdown, IReadOnlyList<string>? corrections = null)
    {
        var report = breakdown.Report;
        var subject = breakdown.Subject;
        var who = breakdown.Tenant is null ? "whole service" : $"tenant {breakdown.Tenant}";
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>SMGW SLA report {E(report.Period.Label)} — {E(who)}</title>
            <style>
            body{'{'}font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#212121{'}'}
            table{'{'}border-collapse:collapse;margin:12px 0{'}'} td,th{'{'}border:1px solid #bdbdbd;padding:3px 8px;text-align:left{'}'}
            td.num{'{'}text-align:right{'}'} tr.below td{'{'}background:#ffebee{'}'} tr.exempt td,tr.excluded td{'{'}color:#455a64{'}'}
            </style></head><body>
            <h1>SMGW SLA report {E(report.Period.Label)} — {E(who)}</h1>
            <table class="summary">
            <tr><th>availability</th><td class="num" data-field="availability">{Pct(subject.Availability)}</td></tr>
            <tr><th>target</th><td class="num">{Pct(subject.AvailabilityTarget)}</td></tr>
            <tr><th>meets target</th><td data-field="meetsTarget">{(subject.MeetsTarget ? "yes" : "no")}</td></tr>
            <tr><th>counted downtime</th><td class="num">{Min(subject.CountedDowntime)} min</td></tr>
            <tr><th>exempt maintenance</th><td class="num">{Min(subject.ExemptMaintenanceTime)} min</td></tr>
            <tr><th>excluded disturbances</th><td class="num">{Min(subject.ExcludedTime)} min</td></tr>
            <tr><th>error budget left</th><td class="num">{Min(subject.ErrorBudgetRemaining)} of {Min(subject.ErrorBudget)} min</td></tr>
            <tr><th>longest interruption (per ISO week, cap 240 min)</th><td class="num" data-field="longest">{Min(subject.LongestInterruption)} min{(subject.InterruptionCapBreached ? " — cap broken" : "")}</td></tr>
            <tr><th>period complete</th><td>{(report.IsComplete ? "yes" : "no (figures so far)")}</td></tr>
            </table>
            """);
        html.Append(breakdown.Days.Count > 0 ? SlaChart.Render(breakdown).ToString(SaveOptions.DisableFormatting) : "");
        html.Append("\n<h2>Days</h2>\n<table class=\"days\"><tr><th>day</th><th>availability</th><th>counted minutes</th><th>exempt maintenance</th><th>excluded</th></tr>\n");
        foreach (var day in breakdown.Days)
        {
            var css = day.Future ? "future" : day.Availability < subject.AvailabilityTarget ? "below" : "ok";
            html.Append($"<tr class=\"{css}\" data-day=\"{day.Day.ToString("yyyy-MM-dd", Inv)}\"><td>{day.Day.ToString("ddd yyyy-MM-dd", Inv)}</td>"
                + $"<td class=\"num\">{(day.Future ? "" : Pct(day.Availability))}</td><td class=\"num\">{Min(day.CountedDowntime)}</td>"
                + $"<td>{(day.ExemptMaintenance ? "M exempt" : "")}</td><td>{(day.Excluded ? "X excluded" : "")}</td></tr>\n");
        }
        html.Append("</table>\n<h2>Interruptions</h2>\n<table class=\"interruptions\"><tr><th>from (Berlin)</th><th>to (Berlin)</th><th>minutes</th><th>counts</th><th>what / why</th></tr>\n");
        foreach (var interruption in breakdown.Interruptions)
        {
            var counts = interruption.Kind switch
            {
                InterruptionKind.Counted => interruption.Ongoing ? "counted (ongoing)" : "counted",
                InterruptionKind.ExemptMaintenance => "exempt: maintenance",
                _ => "excluded: outside the operator's control",
            };
            var css = interruption.Kind switch { InterruptionKind.Counted => "counted", InterruptionKind.ExemptMaintenance => "exempt", _ => "excluded" };
            html.Append($"<tr class=\"{css}\"><td>{SlaChart.Local(interruption.Start)}</td><td>{SlaChart.Local(interruption.End)}</td>"
                + $"<td class=\"num\">{Min(interruption.Duration)}</td><td>{E(counts)}</td><td>{E(interruption.Reason)}</td></tr>\n");
        }
        html.Append("</table>\n<h2>Maintenance windows</h2>\n");
        if (report.Maintenance.Count == 0)
        {
            html.Append("<p>None in this period.</p>\n");
        }
        else
        {
            html.Append("<table class=\"maintenance\"><tr><th>start</th><th>end</th><th>tenants</th><th>outage expected</th><th>announcement</th><th>verdict</th><th>effects</th></tr>\n");
            foreach (var ruling in report.Maintenance.OrderBy(m => m.Window.Start))
            {
                var window = ruling.Window;
                var announcement = window.AnnouncedAt is { } at ? $"{Words(window.Evidence)} {SlaChart.Local(at)}" : Words(window.Evidence);
                html.Append($"<tr class=\"{(ruling.IsExempt ? "exempt" : "counted")}\"><td>{SlaChart.Local(window.Start)}</td><td>{SlaChart.Local(window.End)}</td>"
                    + $"<td>{E(window.Affected.ToString())}</td><td>{(window.OutageExpected ? "yes" : "no")}</td><td>{E(announcement)}</td>"
                    + $"<td data-verdict=\"{ruling.Verdict}\">{E(Verdict(ruling))}</td><td>{E(window.Effects)}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        if (corrections is { Count: > 0 })
        {
            html.Append("<h2>Corrected records</h2>\n<p>These figures rest on records that were amended or withdrawn after they were made:</p>\n<ul class=\"corrections\">\n");
            foreach (var line in corrections)
            {
                html.Append($"<li>{E(line)}</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("<h2>Rules applied</h2>\n<ul>\n");
        foreach (var rule in report.Rules.Describe())
        {
            html.Append($"<li>{E(rule)}</li>\n");
        }
        html.Append("</ul>\n</body></html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Words(AnnouncementEvidence evidence) => evidence switch
    {
        AnnouncementEvidence.NoticeMail => "notice mail",
        AnnouncementEvidence.RecordedAnnouncement => "recorded announcement",
        AnnouncementEvidence.Claimed => "claimed (imported)",
        _ => "none",
    };

    private static string Verdict(MaintenanceAssessment ruling) => ruling.Verdict switch
    {
        MaintenanceVerdict.AnnouncedInTime => "exempt: announced in time",
        MaintenanceVerdict.NoAnnouncementNeeded => ruling.IsExempt ? "exempt: no announcement needed" : "no announcement needed; outages in it count",
        MaintenanceVerdict.AnnouncedLate => "counts: announced late",
        MaintenanceVerdict.NotAnnounced => "counts: not announced",
        MaintenanceVerdict.RecordedAfterStart => "counts: recorded after it started",
        _ => ruling.Verdict.ToString(),
    };

    private static string Pct(double ratio) => (ratio * 100).ToString("0.000", Inv) + " %";

    private static string Min(TimeSpan time) => time.TotalMinutes.ToString("0", Inv);
}
