using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Text;
using Smgw.Grains.Sla;
using Smgw.Interfaces.Sla;
using Smgw.Silo.Probe;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>The daily figures behind the chart, the probe's token header and its settings.</summary>
public class SlaBreakdownTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void October_26_has_25_hours_and_exemptions_mark_their_days()
    {
        var records = new SlaRecords
        {
            // Sun 26 Oct 2025 (clocks back: 25 h): 60 min counted.
            // Inside the window of 14 Oct (30 of its 120 min) and the exclusion of 20 Oct (20 of its 60 min).
            Outages =
            [
                new OutageRecord { Id = "o1", Start = new(2025, 10, 26, 10, 0, 0, TimeSpan.Zero), End = new(2025, 10, 26, 11, 0, 0, TimeSpan.Zero), WhatFailed = "probe: inbound" },
                new OutageRecord { Id = "o2", Start = new(2025, 10, 14, 20, 30, 0, TimeSpan.Zero), End = new(2025, 10, 14, 21, 0, 0, TimeSpan.Zero), WhatFailed = "upgrade" },
                new OutageRecord { Id = "o3", Start = new(2025, 10, 20, 8, 0, 0, TimeSpan.Zero), End = new(2025, 10, 20, 8, 20, 0, TimeSpan.Zero), WhatFailed = "carrier" },
            ],
            // Maintenance announced Mon 6 Oct for Tue 14 Oct: in time, exempt.
            Maintenance = [new MaintenanceRecord { Id = "m1", AnnouncedAt = new(2025, 10, 6, 8, 0, 0, TimeSpan.Zero), Start = new(2025, 10, 14, 20, 0, 0, TimeSpan.Zero), End = new(2025, 10, 14, 22, 0, 0, TimeSpan.Zero), OutageExpected = true, Effects = "upgrade" }],
            Exclusions = [new ExclusionRecord { Id = "x1", Start = new(2025, 10, 20, 8, 0, 0, TimeSpan.Zero), End = new(2025, 10, 20, 9, 0, 0, TimeSpan.Zero), Reason = "carrier", TaggedBy = "ops", TaggedAt = AsOf }],
        };
        var report = new SlaCalculator(new SlaOptions()).Report(SlaTimelines.From(records, ["t1"]), SlaPeriod.Month(2025, 10), AsOf);
        var breakdown = SlaBreakdown.For(report, null, records);

        Assert.Equal(31, breakdown.Days.Count);
        var sunday = breakdown.Days.Single(d => d.Day == new DateOnly(2025, 10, 26));
        Assert.Equal(TimeSpan.FromHours(25), sunday.Length);
        Assert.Equal(1 - (60 / 1500.0), sunday.Availability, 12);
        Assert.True(breakdown.Days.Single(d => d.Day == new DateOnly(2025, 10, 14)).ExemptMaintenance);
        Assert.True(breakdown.Days.Single(d => d.Day == new DateOnly(2025, 10, 20)).Excluded);
        Assert.Equal(3, breakdown.Days.Count(d => d.ExemptMaintenance || d.Excluded || d.CountedDowntime > TimeSpan.Zero));

        Assert.Equal([InterruptionKind.ExemptMaintenance, InterruptionKind.Excluded, InterruptionKind.Counted], breakdown.Interruptions.Select(i => i.Kind));
        // The rows give the minutes actually exempted or excluded, not the window's or exclusion's length.
        Assert.Equal([30, 20, 60], breakdown.Interruptions.Select(i => i.Duration.TotalMinutes));
        Assert.Equal("upgrade (AnnouncedInTime)", breakdown.Interruptions[0].Reason);
        Assert.Equal("carrier (tagged by ops)", breakdown.Interruptions[1].Reason);
        Assert.Equal("probe: inbound", breakdown.Interruptions[2].Reason);
    }

    [Fact]
    public void An_ongoing_interruption_is_shown_as_ongoing_and_later_days_as_future()
    {
        var start = new DateTimeOffset(2025, 11, 26, 9, 0, 0, TimeSpan.Zero);
        var records = new SlaRecords { Outages = [new OutageRecord { Id = "o1", Start = start, WhatFailed = "membership: 0 active silo(s)" }] };
        var report = new SlaCalculator(new SlaOptions()).Report(SlaTimelines.From(records, []), SlaPeriod.Month(2025, 11), start.AddMinutes(30));
        var breakdown = SlaBreakdown.For(report, null, records);
        var interruption = Assert.Single(breakdown.Interruptions);
        Assert.True(interruption.Ongoing);
        Assert.Equal(TimeSpan.FromMinutes(30), interruption.Duration);
        Assert.True(breakdown.Days.Single(d => d.Day == new DateOnly(2025, 11, 27)).Future);
        Assert.False(breakdown.Days.Single(d => d.Day == new DateOnly(2025, 11, 26)).Future);
    }

    [Fact]
    public void The_probe_token_is_read_from_the_header_section_only()
    {
        static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.ASCII.GetBytes(text));
        Assert.Equal("abc", ProbeReceiver.TokenOf(Bytes("Received: x\r\n\tfolded\r\nX-Probe-Token: abc\r\nSubject: s\r\n\r\nbody\r\n")));
        Assert.Null(ProbeReceiver.TokenOf(Bytes("Subject: s\r\n\r\nX-Probe-Token: abc\r\n")));
    }

    [Fact]
    public void Wrong_probe_settings_are_refused_with_their_names()
    {
        static List<string> Errors(ProbeOptions options)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            return results.Select(r => r.ErrorMessage ?? "").ToList();
        }
        Assert.Empty(Errors(new ProbeOptions { Enabled = true }));
        Assert.Empty(Errors(new ProbeOptions { Enabled = false, ReceiverListen = "nonsense" })); // off: not checked
        Assert.Contains(Errors(new ProbeOptions { Enabled = true, ReceiverListen = "localhost:25" }), e => e.Contains("Smgw:Probe:ReceiverListen"));
        Assert.Contains(Errors(new ProbeOptions { Enabled = true, SourceAddress = "probe" }), e => e.Contains("Smgw:Probe:SourceAddress"));
        Assert.Contains(Errors(new ProbeOptions { Enabled = true, Deadline = TimeSpan.Zero }), e => e.Contains("Smgw:Probe:Deadline"));
        Assert.Contains(Errors(new ProbeOptions { Enabled = true, Frontends = [new ProbeFrontend { Name = "fe1" }] }), e => e.Contains("Smgw:Probe:Frontends:0"));
        Assert.Contains(Errors(new ProbeOptions { Enabled = true, HealthEndpoints = ["silo1/health"] }), e => e.Contains("Smgw:Probe:HealthEndpoints"));
    }
}
