using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Smgw.Grains.Sla;
using Smgw.Interfaces.Sla;
using Smgw.Silo.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>
/// Issue G §3: the report page explains every figure — the longest interruption is named even when
/// it lies outside the month, the chart's scale shows the worst day, and the page reads in German
/// as well as English.
/// </summary>
public class SlaReportPageTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset AsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SlaBreakdown November(DateTimeOffset asOf, params OutageRecord[] outages)
    {
        var records = new SlaRecords { Outages = [.. outages] };
        var report = new SlaCalculator(new SlaOptions()).Report(SlaTimelines.From(records, ["t1"]), SlaPeriod.Month(2025, 11), asOf);
        return SlaBreakdown.For(report, null, records);
    }

    private static OutageRecord Outage(string id, DateTimeOffset start, DateTimeOffset? end) =>
        new() { Id = id, Start = start, End = end, WhatFailed = "relay" };

    [Fact]
    public void The_longest_interruption_from_the_part_of_an_iso_week_outside_the_month_is_named()
    {
        // Fri 31 Oct 2025 18:00–23:00 Berlin: 300 min in ISO week 2025-W44, which runs into November (Sat 1, Sun 2).
        var breakdown = November(AsOf, Outage("o1", new(2025, 10, 31, 17, 0, 0, TimeSpan.Zero), new(2025, 10, 31, 22, 0, 0, TimeSpan.Zero)));
        Assert.Equal(300, breakdown.Subject.LongestInterruption.TotalMinutes);
        Assert.Empty(breakdown.Interruptions); // not in November: the tables cannot show it

        var html = SlaReportPage.Render(breakdown);
        var longest = Regex.Match(html, "<td class=\"num\" data-field=\"longest\">(.*?)</td>").Groups[1].Value;
        Assert.StartsWith("300 min — cap broken — ", longest);
        Assert.Contains("2025-10-31 18:00 – 2025-10-31 23:00, ISO week 2025-W44 (outside this period, counted for the ISO week that touches it)", longest);
        Assert.Contains("data-week=\"2025-W44\"", longest);
    }

    [Fact]
    public void An_ongoing_longest_interruption_is_named_as_ongoing()
    {
        var start = new DateTimeOffset(2025, 11, 26, 9, 0, 0, TimeSpan.Zero);
        var html = SlaReportPage.Render(November(start.AddMinutes(30), Outage("o1", start, null)));
        var longest = Regex.Match(html, "<td class=\"num\" data-field=\"longest\">(.*?)</td>").Groups[1].Value;
        Assert.Contains("30 min — ", longest);
        Assert.Contains("2025-11-26 10:00 – ongoing, ISO week 2025-W48", longest);
        Assert.DoesNotContain("outside", longest);
    }

    [Fact]
    public void Nothing_counted_names_no_interruption()
    {
        var html = SlaReportPage.Render(November(AsOf));
        Assert.Contains("<td class=\"num\" data-field=\"longest\">0 min</td>", html);
    }

    [Theory]
    [InlineData(216, "80 %", "85.0 %")] // 85 % exactly: before, the scale's floor was 85 % and the day's bar 0.5 px high
    [InlineData(1152, "15 %", "20.0 %")]
    [InlineData(1440, "0 %", "0.0 %")]
    public void The_chart_scale_reaches_below_the_worst_day_and_names_it(int minutesDown, string lowestTick, string label)
    {
        var start = new DateTimeOffset(2025, 11, 10, 0, 0, 0, TimeSpan.FromHours(1));
        var breakdown = November(AsOf, Outage("o1", start, start.AddMinutes(minutesDown)));
        var svg = SlaChart.Render(breakdown);

        var bars = svg.Descendants(Svg + "rect").Where(r => ((string?)r.Attribute("class"))?.StartsWith("day", StringComparison.Ordinal) == true).ToList();
        var worst = Assert.Single(bars, r => (string?)r.Attribute("data-worst") == "true");
        Assert.Equal("2025-11-10", (string?)worst.Attribute("data-day"));
        var height = double.Parse((string)worst.Attribute("height")!, CultureInfo.InvariantCulture);
        var full = double.Parse((string)bars.First(b => (string?)b.Attribute("data-day") == "2025-11-01").Attribute("height")!, CultureInfo.InvariantCulture);
        if (minutesDown < 1440)
        {
            Assert.True(height >= full * 0.05, $"the worst day's bar is {height} of {full} px high");
        }
        var ticks = svg.Descendants(Svg + "text").Where(t => ((string?)t.Attribute("text-anchor")) == "end" && t.Value.EndsWith(" %", StringComparison.Ordinal)).Select(t => t.Value).ToList();
        Assert.Equal(lowestTick, ticks[0]);
        Assert.Equal(label, Assert.Single(svg.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "worst-day").Value);
    }

    [Fact]
    public void The_page_and_chart_read_in_german_with_no_english_left()
    {
        var records = new SlaRecords
        {
            Outages =
            [
                Outage("o1", new(2025, 11, 10, 8, 0, 0, TimeSpan.Zero), new(2025, 11, 10, 10, 0, 0, TimeSpan.Zero)),
                Outage("o2", new(2025, 11, 12, 21, 0, 0, TimeSpan.Zero), new(2025, 11, 12, 22, 0, 0, TimeSpan.Zero)),
                Outage("o3", new(2025, 11, 25, 10, 0, 0, TimeSpan.Zero), new(2025, 11, 25, 11, 0, 0, TimeSpan.Zero)),
                Outage("o4", new(2025, 11, 28, 9, 0, 0, TimeSpan.Zero), null),
            ],
            Maintenance =
            [
                new MaintenanceRecord { Id = "m1", AnnouncedAt = new(2025, 11, 3, 9, 0, 0, TimeSpan.Zero), RecordedAt = new(2025, 11, 3, 9, 0, 0, TimeSpan.Zero), Start = new(2025, 11, 12, 21, 0, 0, TimeSpan.Zero), End = new(2025, 11, 12, 23, 0, 0, TimeSpan.Zero), OutageExpected = true, Effects = "Datenbank" },
                new MaintenanceRecord { Id = "m2", AnnouncedAt = new(2025, 11, 17, 9, 0, 0, TimeSpan.Zero), RecordedAt = new(2025, 11, 17, 9, 0, 0, TimeSpan.Zero), Start = new(2025, 11, 18, 22, 0, 0, TimeSpan.Zero), End = new(2025, 11, 19, 1, 0, 0, TimeSpan.Zero), OutageExpected = true, Effects = "Kernel" },
            ],
            Exclusions = [new ExclusionRecord { Id = "x1", Start = new(2025, 11, 25, 10, 0, 0, TimeSpan.Zero), End = new(2025, 11, 25, 11, 0, 0, TimeSpan.Zero), Reason = "Netzbetreiber", TaggedBy = "ops", TaggedAt = AsOf }],
        };
        var asOf = new DateTimeOffset(2025, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var report = new SlaCalculator(new SlaOptions()).Report(SlaTimelines.From(records, ["t1"]), SlaPeriod.Month(2025, 11), asOf);
        var breakdown = SlaBreakdown.For(report, "t1", records);
        var correction = new SlaCorrection { RecordId = "o1", Kind = "outage", Action = SlaCorrectionAction.Amended, Reason = "Uhrzeit", By = "ops", At = asOf };

        var html = SlaReportPage.Render(breakdown, [CorrectionScope.Of(correction with { Before = "{\"start\":\"2025-11-10T08:00:00Z\"}" }, asOf).Describe("de")], SlaWords.German);

        Assert.Contains("<html lang=\"de\">", html);
        Assert.Contains("<h1>SMGW SLA-Bericht 2025-11 — Mandant t1</h1>", html);
        Assert.Matches("<th>Verfügbarkeit</th><td class=\"num\" data-field=\"availability\">99,[0-9]{3} %</td>", html);
        Assert.Contains("<td>Mo 2025-11-10</td><td class=\"num\">91,667 %</td>", html);
        Assert.Contains("<td>gezählt (andauernd)</td>", html);
        Assert.Contains("ausgenommen: rechtzeitig angekündigt", html);
        Assert.Contains("zählt: zu spät angekündigt", html);
        Assert.Contains("Ausfall o1 geändert am", html);
        Assert.Contains("SLA-1: Verfügbarkeit ≥ 98,5 % je Kalendermonat", html);
        Assert.Contains("data-language=\"de\"", html);

        // Not one of the English words of the page or chart is left in what a reader sees.
        var text = WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<style>.*?</style>", " ", RegexOptions.Singleline), "<[^>]+>", " "));
        foreach (var property in typeof(SlaWords).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            var english = (string)property.GetValue(SlaWords.English)!;
            var german = (string)property.GetValue(SlaWords.German)!;
            foreach (var phrase in english.Split(['{', '}', '(', ')', ',', '/'], StringSplitOptions.TrimEntries).Where(p => p.Length >= 4 && !int.TryParse(p, out _)))
            {
                if (!german.Contains(phrase, StringComparison.Ordinal))
                {
                    Assert.False(text.Contains(phrase, StringComparison.Ordinal), $"English '{phrase}' ({property.Name}) on the German page");
                }
            }
        }
        Assert.Contains("Datenbank (rechtzeitig angekündigt)", text);
        Assert.Contains("Netzbetreiber (markiert von ops)", text);
        Assert.DoesNotContain("AnnouncedInTime", text);
        Assert.DoesNotContain("tagged by", text);
        Assert.DoesNotContain("availability", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("interruption", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_english_page_is_what_it_was()
    {
        var html = SlaReportPage.Render(November(AsOf, Outage("o1", new(2025, 11, 10, 8, 0, 0, TimeSpan.Zero), new(2025, 11, 10, 10, 0, 0, TimeSpan.Zero))));
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<td>Mon 2025-11-10</td><td class=\"num\">91.667 %</td>", html);
        Assert.Contains("<th>availability</th>", html);
        Assert.Contains("SLA-1: availability ≥ 98.5 % per calendar month", html);
    }
}
