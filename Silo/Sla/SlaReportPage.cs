using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Smgw.Grains.Sla;

namespace Smgw.Silo.Sla;

/// <summary>The monthly report as one self-contained HTML page: summary, the chart, the daily table and every interruption with exemptions marked.</summary>
public static class SlaReportPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="corrections">One line per amended or withdrawn record the figures may rest on (issue G §2).</param>
    /// <param name="words">The page's language (default English).</param>
    public static string Render(SlaBreakdown breakdown, IReadOnlyList<string>? corrections = null, SlaWords? words = null)
    {
        var w = words ?? SlaWords.English;
        var report = breakdown.Report;
        var subject = breakdown.Subject;
        var who = breakdown.Tenant is null ? w.WholeService : $"{w.Tenant} {breakdown.Tenant}";
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="{w.Language}"><head><meta charset="utf-8"><title>{E(w.Title)} {E(report.Period.Label)} — {E(who)}</title>
            <style>
            body{'{'}font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#212121{'}'}
            table{'{'}border-collapse:collapse;margin:12px 0{'}'} td,th{'{'}border:1px solid #bdbdbd;padding:3px 8px;text-align:left{'}'}
            td.num{'{'}text-align:right{'}'} tr.below td{'{'}background:#ffebee{'}'} tr.exempt td,tr.excluded td{'{'}color:#455a64{'}'}
            </style></head><body>
            <h1>{E(w.Title)} {E(report.Period.Label)} — {E(who)}</h1>
            <table class="summary">
            <tr><th>{E(w.Availability)}</th><td class="num" data-field="availability">{w.Percent(subject.Availability)}</td></tr>
            <tr><th>{E(w.Target)}</th><td class="num">{w.Percent(subject.AvailabilityTarget)}</td></tr>
            <tr><th>{E(w.MeetsTarget)}</th><td data-field="meetsTarget">{(subject.MeetsTarget ? w.Yes : w.No)}</td></tr>
            <tr><th>{E(w.CountedDowntime)}</th><td class="num">{Min(subject.CountedDowntime)} min</td></tr>
            <tr><th>{E(w.ExemptMaintenance)}</th><td class="num">{Min(subject.ExemptMaintenanceTime)} min</td></tr>
            <tr><th>{E(w.ExcludedDisturbances)}</th><td class="num">{Min(subject.ExcludedTime)} min</td></tr>
            <tr><th>{E(w.ErrorBudgetLeft)}</th><td class="num">{Min(subject.ErrorBudgetRemaining)} {E(w.Of)} {Min(subject.ErrorBudget)} min</td></tr>
            <tr><th>{E(w.LongestInterruption)}</th><td class="num" data-field="longest">{Min(subject.LongestInterruption)} min{(subject.InterruptionCapBreached ? $" — {E(w.CapBroken)}" : "")}{Longest(report, subject, w)}</td></tr>
            <tr><th>{E(w.PeriodComplete)}</th><td>{(report.IsComplete ? w.Yes : E(w.FiguresSoFar))}</td></tr>
            </table>
            """);
        html.Append(breakdown.Days.Count > 0 ? SlaChart.Render(breakdown, w).ToString(SaveOptions.DisableFormatting) : "");
        html.Append($"\n<h2>{E(w.Days)}</h2>\n<table class=\"days\"><tr><th>{E(w.Day)}</th><th>{E(w.Availability)}</th><th>{E(w.CountedMinutes)}</th><th>{E(w.ExemptMaintenance)}</th><th>{E(w.Excluded)}</th></tr>\n");
        foreach (var day in breakdown.Days)
        {
            var css = day.Future ? "future" : day.Availability < subject.AvailabilityTarget ? "below" : "ok";
            html.Append($"<tr class=\"{css}\" data-day=\"{day.Day.ToString("yyyy-MM-dd", Inv)}\"><td>{E(w.DayLabel(day.Day))}</td>"
                + $"<td class=\"num\">{(day.Future ? "" : w.Percent(day.Availability))}</td><td class=\"num\">{Min(day.CountedDowntime)}</td>"
                + $"<td>{(day.ExemptMaintenance ? E(w.MarkExempt) : "")}</td><td>{(day.Excluded ? E(w.MarkExcluded) : "")}</td></tr>\n");
        }
        html.Append($"</table>\n<h2>{E(w.Interruptions)}</h2>\n<table class=\"interruptions\"><tr><th>{E(w.From)}</th><th>{E(w.To)}</th><th>{E(w.Minutes)}</th><th>{E(w.Counts)}</th><th>{E(w.WhatWhy)}</th></tr>\n");
        foreach (var interruption in breakdown.Interruptions)
        {
            var css = interruption.Kind switch { InterruptionKind.Counted => "counted", InterruptionKind.ExemptMaintenance => "exempt", _ => "excluded" };
            html.Append($"<tr class=\"{css}\"><td>{SlaChart.Local(interruption.Start)}</td><td>{SlaChart.Local(interruption.End)}</td>"
                + $"<td class=\"num\">{Min(interruption.Duration)}</td><td>{E(w.HowItCounts(interruption))}</td><td>{E(w.Reason(interruption))}</td></tr>\n");
        }
        html.Append($"</table>\n<h2>{E(w.MaintenanceWindows)}</h2>\n");
        if (report.Maintenance.Count == 0)
        {
            html.Append($"<p>{E(w.NoneInPeriod)}</p>\n");
        }
        else
        {
            html.Append($"<table class=\"maintenance\"><tr><th>{E(w.Start)}</th><th>{E(w.End)}</th><th>{E(w.Tenants)}</th><th>{E(w.OutageExpected)}</th><th>{E(w.Announcement)}</th><th>{E(w.Verdict)}</th><th>{E(w.Effects)}</th></tr>\n");
            foreach (var ruling in report.Maintenance.OrderBy(m => m.Window.Start))
            {
                var window = ruling.Window;
                var announcement = window.AnnouncedAt is { } at ? $"{w.Words(window.Evidence)} {SlaChart.Local(at)}" : w.Words(window.Evidence);
                html.Append($"<tr class=\"{(ruling.IsExempt ? "exempt" : "counted")}\"><td>{SlaChart.Local(window.Start)}</td><td>{SlaChart.Local(window.End)}</td>"
                    + $"<td>{E(w.Words(window.Affected))}</td><td>{(window.OutageExpected ? w.Yes : w.No)}</td><td>{E(announcement)}</td>"
                    + $"<td data-verdict=\"{ruling.Verdict}\">{E(w.Words(ruling))}</td><td>{E(window.Effects)}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        if (corrections is { Count: > 0 })
        {
            html.Append($"<h2>{E(w.CorrectedRecords)}</h2>\n<p>{E(w.CorrectedIntro)}</p>\n<ul class=\"corrections\">\n");
            foreach (var line in corrections)
            {
                html.Append($"<li>{E(line)}</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append($"<h2>{E(w.RulesApplied)}</h2>\n<ul>\n");
        foreach (var rule in report.Rules.Describe(w.Language))
        {
            html.Append($"<li>{E(rule)}</li>\n");
        }
        html.Append("</ul>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// Names the interruption the "longest" figure comes from: it may lie in the part of an ISO week
    /// outside the period (a week touching the month), or still be going on (issue G §3).
    /// </summary>
    private static string Longest(SlaReport report, SubjectReport subject, SlaWords w)
    {
        if (subject.LongestPeriod is not { Longest: { } longest } week)
        {
            return "";
        }
        var ongoing = longest.End >= report.AsOf;
        var outside = !longest.Overlaps(report.Period.Interval);
        return $" — <span data-field=\"longestInterruption\" data-start=\"{longest.Start.UtcDateTime.ToString("o", Inv)}\" data-week=\"{E(week.Period.Label)}\">"
            + $"{SlaChart.Local(longest.Start)} – {(ongoing ? E(w.Ongoing) : SlaChart.Local(longest.End))}, {E(w.IsoWeek)} {E(week.Period.Label)}"
            + $"{(outside ? $" ({E(w.OutsidePeriod)})" : "")}</span>";
    }

    // Only the markup characters: the page is UTF-8, so "Verfügbarkeit" stays readable in the source.
    private static string E(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Min(TimeSpan time) => time.TotalMinutes.ToString("0", Inv);
}
