using Smgw.Interfaces;
using Smgw.Interfaces.Sla;

namespace Smgw.Grains.Sla;

public sealed class SlaGrain(
    [PersistentState(StorageNames.SlaState, StorageNames.Grains)] IPersistentState<SlaState> state,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<SlaOptions> options)
    : Grain, ISlaGrain
{
    private TimeSpan ReachBack => options.Value.RecordsReachBack;

    public async Task<OutageRecord> AddOutageAsync(OutageRecord outage)
    {
        var now = time.GetUtcNow();
        RecordBounds.Happened("start", outage.Start, now, ReachBack);
        if (outage.End is { } given)
        {
            RecordBounds.Happened("end", given, now, ReachBack);
        }
        await RecordBounds.TenantsExistAsync(GrainFactory, outage.Tenants);
        if (outage.End is { } end && end <= outage.Start)
        {
            throw new ArgumentException("end: an interruption ends after it starts.");
        }
        var stored = outage with { Id = NewId("o"), Tenants = outage.Tenants.ToList() };
        state.State.Outages.Add(stored);
        await state.WriteStateAsync();
        return stored;
    }

    public async Task<OutageRecord> EndOutageAsync(string id, DateTimeOffset end)
    {
        var index = state.State.Outages.FindIndex(o => o.Id == id);
        if (index < 0)
        {
            throw new ArgumentException($"id: no interruption '{id}'.");
        }
        var outage = state.State.Outages[index];
        if (outage.End is not null)
        {
            throw new InvalidOperationException($"Interruption {id} has ended already.");
        }
        RecordBounds.Happened("end", end, time.GetUtcNow(), ReachBack);
        if (end <= outage.Start)
        {
            throw new ArgumentException("end: an interruption ends after it starts.");
        }
        state.State.Outages[index] = outage with { End = end };
        await state.WriteStateAsync();
        return state.State.Outages[index];
    }

    public async Task<OutageRecord?> RecordProbeAsync(ProbeObservation observation)
    {
        var index = state.State.Outages.FindLastIndex(o => o.RecordedBy == ProbeObservation.Recorder && o.End is null);
        var failures = observation.Failures.Where(f => !string.IsNullOrWhiteSpace(f)).Distinct().ToList();
        if (failures.Count == 0)
        {
            if (index < 0)
            {
                return null;
            }
            var open = state.State.Outages[index];
            // A clean round ends the interruption when it was sent; never before it began.
            var end = observation.At > open.Start ? observation.At : open.Start.AddTicks(TimeSpan.TicksPerMillisecond);
            state.State.Outages[index] = open with { End = end };
            await state.WriteStateAsync();
            return null;
        }
        if (index < 0)
        {
            var started = new OutageRecord
            {
                Id = NewId("o"),
                Start = observation.At,
                WhatFailed = string.Join("; ", failures),
                Tenants = observation.Tenants.ToList(),
                RecordedBy = ProbeObservation.Recorder,
            };
            state.State.Outages.Add(started);
            await state.WriteStateAsync();
            return started;
        }
        var ongoing = state.State.Outages[index];
        var known = ongoing.WhatFailed.Split("; ");
        var added = failures.Where(f => !known.Contains(f)).ToList();
        if (added.Count == 0 || ongoing.WhatFailed.Length > 2000)
        {
            return ongoing; // the reasons of a long interruption stop growing; the log has every round
        }
        state.State.Outages[index] = ongoing with { WhatFailed = string.Join("; ", known.Concat(added)) };
        await state.WriteStateAsync();
        return state.State.Outages[index];
    }

    public async Task<int> RecordGatewayDownAsync(IReadOnlyList<OutageRecord> derived)
    {
        var changed = 0;
        foreach (var outage in derived.Where(o => o.RecordedBy == GatewayDowntime.Recorder))
        {
            var index = state.State.Outages.FindIndex(o => o.Id == outage.Id);
            if (index < 0)
            {
                state.State.Outages.Add(outage with { Tenants = [] });
                changed++;
            }
            else if (state.State.Outages[index] is var known && (known.End != outage.End || known.WhatFailed != outage.WhatFailed))
            {
                state.State.Outages[index] = known with { End = outage.End, WhatFailed = outage.WhatFailed };
                changed++;
            }
        }
        if (changed > 0)
        {
            await state.WriteStateAsync();
        }
        return changed;
    }

    public async Task<MaintenanceRecord> AddMaintenanceAsync(MaintenanceRecord window)
    {
        var now = time.GetUtcNow();
        RecordBounds.Planned("start", window.Start, now, ReachBack);
        RecordBounds.Planned("end", window.End, now, ReachBack);
        if (window.AnnouncedAt is { } announced)
        {
            RecordBounds.Happened("announcedAt", announced, now, ReachBack);
        }
        await RecordBounds.TenantsExistAsync(GrainFactory, window.Tenants);
        if (window.End <= window.Start)
        {
            throw new ArgumentException("end: a maintenance window ends after it starts.");
        }
        var stored = window with { Id = NewId("m"), Tenants = window.Tenants.ToList() };
        state.State.Maintenance.Add(stored);
        await state.WriteStateAsync();
        return stored;
    }

    public async Task<ExclusionRecord> AddExclusionAsync(ExclusionRecord exclusion)
    {
        var now = time.GetUtcNow();
        RecordBounds.Happened("start", exclusion.Start, now, ReachBack);
        RecordBounds.Happened("end", exclusion.End, now, ReachBack);
        await RecordBounds.TenantsExistAsync(GrainFactory, exclusion.Tenants);
        if (string.IsNullOrWhiteSpace(exclusion.Reason))
        {
            throw new ArgumentException("reason: an excluded disturbance needs the reason (it is shown in the report).");
        }
        if (exclusion.End <= exclusion.Start)
        {
            throw new ArgumentException("end: a disturbance ends after it starts.");
        }
        var stored = exclusion with { Id = NewId("x"), Tenants = exclusion.Tenants.ToList() };
        state.State.Exclusions.Add(stored);
        await state.WriteStateAsync();
        return stored;
    }

    public Task<SlaRecords> GetRecordsAsync() => Task.FromResult(new SlaRecords
    {
        Outages = state.State.Outages.ToList(),
        Maintenance = state.State.Maintenance.ToList(),
        Exclusions = state.State.Exclusions.ToList(),
    });

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..14];
}
