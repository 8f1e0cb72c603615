using Smgw.Grains.Sla;
using Smgw.Storage.Heartbeats;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>The service's own downtime from heartbeat rows: no silo or no frontend running is down.</summary>
public sealed class GatewayDowntimeDeriveTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(30);

    private static Heartbeat Row(string id, string roles, int startSeconds, int lastSeconds) =>
        new(id, roles.Split(','), "host", T0.AddSeconds(startSeconds), T0.AddSeconds(lastSeconds), false);

    [Fact]
    public void A_killed_all_in_one_is_down_from_its_last_beat_to_the_first_after_the_restart()
    {
        var outages = GatewayDowntime.Derive([Row("a", "silo,frontend", 0, 600), Row("b", "silo,frontend", 783, 900)], Silence, T0.AddSeconds(905));

        var outage = Assert.Single(outages);
        Assert.Equal(T0.AddSeconds(600), outage.Start);
        Assert.Equal(T0.AddSeconds(783), outage.End);
        Assert.Equal("gateway not running: no silo and no SMTP frontend wrote a heartbeat", outage.WhatFailed);
        Assert.Equal("heartbeat", outage.RecordedBy);
        Assert.Equal($"h-{T0.AddSeconds(600).ToUnixTimeMilliseconds()}", outage.Id);
    }

    [Fact]
    public void A_restart_within_the_allowed_silence_is_not_downtime()
    {
        Assert.Empty(GatewayDowntime.Derive([Row("a", "silo,frontend", 0, 600), Row("b", "silo,frontend", 620, 900)], Silence, T0.AddSeconds(905)));
    }

    [Fact]
    public void One_of_two_silos_dying_is_not_downtime()
    {
        var rows = new[] { Row("s1", "silo", 0, 300), Row("s2", "silo", 5, 900), Row("f", "frontend", 10, 900) };
        Assert.Empty(GatewayDowntime.Derive(rows, Silence, T0.AddSeconds(905)));
    }

    [Fact]
    public void All_silos_dead_while_the_frontend_lives_is_down_and_ongoing_until_a_silo_beats_again()
    {
        var rows = new List<Heartbeat> { Row("s1", "silo", 0, 300), Row("s2", "silo", 5, 310), Row("f", "frontend", 10, 900) };

        var ongoing = Assert.Single(GatewayDowntime.Derive(rows, Silence, T0.AddSeconds(905)));
        Assert.Equal(T0.AddSeconds(310), ongoing.Start);
        Assert.Null(ongoing.End);
        Assert.Contains("no silo", ongoing.WhatFailed);

        rows[2] = Row("f", "frontend", 10, 960);
        rows.Add(Row("s3", "silo", 950, 960));
        var ended = Assert.Single(GatewayDowntime.Derive(rows, Silence, T0.AddSeconds(965)));
        Assert.Equal(ongoing.Id, ended.Id); // the same record, now with its end
        Assert.Equal(T0.AddSeconds(950), ended.End);
    }

    [Fact]
    public void No_frontend_running_is_down_too()
    {
        var rows = new[] { Row("s", "silo", 0, 900), Row("f1", "frontend", 0, 200), Row("f2", "frontend", 400, 900) };
        var outage = Assert.Single(GatewayDowntime.Derive(rows, Silence, T0.AddSeconds(905)));
        Assert.Equal((T0.AddSeconds(200), (DateTimeOffset?)T0.AddSeconds(400)), (outage.Start, outage.End));
        Assert.Contains("no SMTP frontend", outage.WhatFailed);
    }

    [Fact]
    public void The_accounting_starts_when_both_roles_were_first_seen()
    {
        // Silos from 0, the first frontend at 500: the time before is the service not yet existing, not downtime.
        var rows = new[] { Row("s", "silo", 0, 900), Row("f", "frontend", 500, 900) };
        Assert.Empty(GatewayDowntime.Derive(rows, Silence, T0.AddSeconds(905)));
        Assert.Empty(GatewayDowntime.Derive([Row("s", "silo", 0, 900)], Silence, T0.AddSeconds(905)));
    }
}
