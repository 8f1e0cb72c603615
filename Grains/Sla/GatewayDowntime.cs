using Smgw.Interfaces.Sla;
using Smgw.Storage.Heartbeats;

namespace Smgw.Grains.Sla;

/// <summary>
/// When the gateway itself was not running, from its processes' heartbeat rows (durable evidence;
/// no process's memory). The service runs while at least one silo (processes messages) and at least
/// one SMTP frontend (accepts them) write heartbeats; the all-in-one is both. A silence of a role
/// longer than the allowed silence is downtime from that role's last beat to its next one — or,
/// when nobody of the role has beaten since, an ongoing interruption. The accounting starts when
/// both roles were first seen.
/// </summary>
public static class GatewayDowntime
{
    /// <summary>Who records the derived interruptions.</summary>
    public const string Recorder = "heartbeat";

    public static IReadOnlyList<OutageRecord> Derive(IReadOnlyList<Heartbeat> rows, TimeSpan allowedSilence, DateTimeOffset now)
    {
        var silos = Running(rows, Heartbeat.SiloRole);
        var frontends = Running(rows, Heartbeat.FrontendRole);
        if (silos.Count == 0 || frontends.Count == 0)
        {
            return [];
        }
        var origin = silos[0].Start > frontends[0].Start ? silos[0].Start : frontends[0].Start;
        var siloDown = Gaps(silos, allowedSilence, now, origin);
        var frontendDown = Gaps(frontends, allowedSilence, now, origin);

        var result = new List<OutageRecord>();
        foreach (var down in IntervalSet.Normalize(siloDown.Concat(frontendDown).Select(g => g.Interval)))
        {
            var ongoing = down.End >= now && (siloDown.Concat(frontendDown)).Any(g => g.Ongoing && down.Overlaps(g.Interval));
            var noSilo = siloDown.Any(g => g.Interval.Overlaps(down));
            var noFrontend = frontendDown.Any(g => g.Interval.Overlaps(down));
            var what = (noSilo, noFrontend) switch
            {
                (true, true) => "gateway not running: no silo and no SMTP frontend wrote a heartbeat",
                (true, false) => "gateway not running: no silo wrote a heartbeat (mail could not be processed)",
                _ => "gateway not running: no SMTP frontend wrote a heartbeat (mail could not be accepted)",
            };
            result.Add(new OutageRecord
            {
                Id = $"h-{down.Start.ToUnixTimeMilliseconds()}",
                Start = down.Start,
                End = ongoing ? null : down.End,
                WhatFailed = what,
                RecordedBy = Recorder,
            });
        }
        return result;
    }

    /// <summary>The stretches in which some process of <paramref name="role"/> ran (its rows' [started, last beat], merged).</summary>
    private static IReadOnlyList<TimeInterval> Running(IReadOnlyList<Heartbeat> rows, string role) =>
        IntervalSet.Normalize(rows.Where(r => r.Roles.Contains(role) && r.Last >= r.Started).Select(r => new TimeInterval(r.Started, r.Last)));

    private static List<(TimeInterval Interval, bool Ongoing)> Gaps(IReadOnlyList<TimeInterval> running, TimeSpan allowedSilence, DateTimeOffset now, DateTimeOffset origin)
    {
        var gaps = new List<(TimeInterval, bool)>();
        for (var i = 0; i + 1 < running.Count; i++)
        {
            if (running[i + 1].Start - running[i].End > allowedSilence && running[i + 1].Start > origin)
            {
                var start = running[i].End > origin ? running[i].End : origin;
                gaps.Add((new TimeInterval(start, running[i + 1].Start), false));
            }
        }
        var last = running[^1].End;
        if (now - last > allowedSilence && now > origin)
        {
            gaps.Add((new TimeInterval(last > origin ? last : origin, now), true));
        }
        return gaps;
    }
}
