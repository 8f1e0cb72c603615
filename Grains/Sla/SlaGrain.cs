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

    public Task<OutageRecord> AddOutageAsync(OutageRecord outage) =>
        AddAsync(state.State.Outages, ValidateAsync(outage), () => outage with { Id = NewId("o"), Tenants = outage.Tenants.ToList() });

    /// <summary>Adds the record <paramref name="stored"/> builds to <paramref name="records"/> once <paramref name="validation"/> passed, and writes.</summary>
    private async Task<T> AddAsync<T>(List<T> records, Task validation, Func<T> stored)
    {
        await validation;
        var added = stored();
        records.Add(added);
        await state.WriteStateAsync();
        return added;
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
            if (state.State.Corrections.Any(c => c.RecordId == outage.Id))
            {
                continue; // corrected or withdrawn by a person, with a reason in the audit trail: not derived again
            }
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

    public Task<MaintenanceRecord> AddMaintenanceAsync(MaintenanceRecord window) =>
        AddAsync(state.State.Maintenance, ValidateAsync(window), () => window with
        {
            Id = NewId("m"), Tenants = window.Tenants.ToList(), RecordedAt = time.GetUtcNow(),
            NoticeSentAt = null, Notified = [], NotReached = [],
        });

    public async Task<MaintenanceRecord> RecordNoticeAsync(string id, IReadOnlyList<string> notified, IReadOnlyList<string> notReached)
    {
        var index = state.State.Maintenance.FindIndex(m => m.Id == id);
        if (index < 0)
        {
            throw new ArgumentException($"id: no maintenance window '{id}'.");
        }
        var window = state.State.Maintenance[index];
        if (window.NoticeSentAt is not null)
        {
            throw new InvalidOperationException($"The notice of maintenance window {id} is recorded already.");
        }
        // The time the notice is recorded (right after it was queued) is the announcement's time: the gateway's clock, not the caller's.
        state.State.Maintenance[index] = window with
        {
            NoticeSentAt = notified.Count > 0 ? time.GetUtcNow() : null,
            Notified = notified.Distinct(StringComparer.Ordinal).ToList(),
            NotReached = notReached.Distinct(StringComparer.Ordinal).ToList(),
        };
        await state.WriteStateAsync();
        return state.State.Maintenance[index];
    }

    public Task<ExclusionRecord> AddExclusionAsync(ExclusionRecord exclusion) =>
        AddAsync(state.State.Exclusions, ValidateAsync(exclusion), () => exclusion with { Id = NewId("x"), Tenants = exclusion.Tenants.ToList() });

    public Task<OutageRecord> AmendOutageAsync(string id, OutageRecord amended, string reason, string by) =>
        AmendAsync(state.State.Outages, o => o.Id, "outage", id, reason, by, () => ValidateAsync(amended),
            before => amended with { Id = id, Tenants = amended.Tenants.ToList(), RecordedBy = before.RecordedBy });

    // A changed window is a new announcement: its evidence starts again now (the old notice described other work).
    public Task<MaintenanceRecord> AmendMaintenanceAsync(string id, MaintenanceRecord amended, string reason, string by) =>
        AmendAsync(state.State.Maintenance, m => m.Id, "maintenance", id, reason, by, () => ValidateAsync(amended),
            before => amended with
            {
                Id = id, Tenants = amended.Tenants.ToList(), RecordedBy = before.RecordedBy, RecordedAt = time.GetUtcNow(),
                NoticeSentAt = null, Notified = [], NotReached = [],
            });

    public Task<ExclusionRecord> AmendExclusionAsync(string id, ExclusionRecord amended, string reason, string by) =>
        AmendAsync(state.State.Exclusions, x => x.Id, "exclusion", id, reason, by, () => ValidateAsync(amended),
            before => amended with { Id = id, Tenants = amended.Tenants.ToList(), TaggedBy = before.TaggedBy, TaggedAt = before.TaggedAt });

    /// <summary>Replaces record <paramref name="id"/> of <paramref name="records"/> by its corrected version, audited.</summary>
    private async Task<T> AmendAsync<T>(List<T> records, Func<T, string> idOf, string kind, string id, string reason, string by, Func<Task> validate, Func<T, T> corrected)
    {
        CorrectionReason(reason);
        var index = records.FindIndex(r => idOf(r) == id);
        if (index < 0)
        {
            throw new ArgumentException($"id: no {kind} record '{id}'.");
        }
        await validate();
        var before = records[index];
        var after = corrected(before);
        records[index] = after;
        await AuditAsync(kind, id, SlaCorrectionAction.Amended, reason, by, Json(before), Json(after));
        return after;
    }

    public async Task<SlaCorrection> WithdrawAsync(string kind, string id, string reason, string by)
    {
        CorrectionReason(reason);
        string before;
        if (kind == "outage" && state.State.Outages.FindIndex(o => o.Id == id) is >= 0 and var o)
        {
            before = Json(state.State.Outages[o]);
            state.State.Outages.RemoveAt(o);
        }
        else if (kind == "maintenance" && state.State.Maintenance.FindIndex(m => m.Id == id) is >= 0 and var m)
        {
            before = Json(state.State.Maintenance[m]);
            state.State.Maintenance.RemoveAt(m);
        }
        else if (kind == "exclusion" && state.State.Exclusions.FindIndex(x => x.Id == id) is >= 0 and var x)
        {
            before = Json(state.State.Exclusions[x]);
            state.State.Exclusions.RemoveAt(x);
        }
        else
        {
            throw new ArgumentException($"id: no {kind} record '{id}' (withdrawn records stay withdrawn).");
        }
        return await AuditAsync(kind, id, SlaCorrectionAction.Withdrawn, reason, by, before, null);
    }

    public Task<SlaRecords> GetRecordsAsync() => Task.FromResult(new SlaRecords
    {
        Outages = state.State.Outages.ToList(),
        Maintenance = state.State.Maintenance.ToList(),
        Exclusions = state.State.Exclusions.ToList(),
        Corrections = state.State.Corrections.ToList(),
    });

    private async Task ValidateAsync(OutageRecord outage)
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
    }

    private async Task ValidateAsync(MaintenanceRecord window)
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
    }

    private async Task ValidateAsync(ExclusionRecord exclusion)
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
    }

    private static void CorrectionReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("correctionReason: required — why the record is corrected (kept in the audit trail and shown in the report).");
        }
    }

    private async Task<SlaCorrection> AuditAsync(string kind, string id, SlaCorrectionAction action, string reason, string by, string before, string? after)
    {
        var entry = new SlaCorrection { RecordId = id, Kind = kind, Action = action, Reason = reason.Trim(), By = by, At = time.GetUtcNow(), Before = before, After = after };
        state.State.Corrections.Add(entry);
        await state.WriteStateAsync();
        return entry;
    }

    private static string Json<T>(T record) => System.Text.Json.JsonSerializer.Serialize(record, JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..14];
}
