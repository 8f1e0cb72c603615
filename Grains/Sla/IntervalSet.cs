namespace Smgw.Grains.Sla;

/// <summary>
/// Set operations on lists of <see cref="TimeInterval"/>. A "normalised" list is sorted, has no empty
/// intervals and no two intervals that overlap or touch: overlapping or back-to-back outages are one
/// continuous interruption.
/// </summary>
public static class IntervalSet
{
    /// <summary>Sorts and merges overlapping and touching intervals; drops empty ones.</summary>
    public static IReadOnlyList<TimeInterval> Normalize(IEnumerable<TimeInterval> intervals)
    {
        var result = new List<TimeInterval>();
        foreach (var interval in intervals.Where(i => !i.IsEmpty).OrderBy(i => i.Start))
        {
            if (result.Count > 0 && interval.Start <= result[^1].End)
            {
                var last = result[^1];
                result[^1] = new TimeInterval(last.Start, interval.End > last.End ? interval.End : last.End);
            }
            else
            {
                result.Add(interval);
            }
        }
        return result;
    }

    /// <summary>The parts of <paramref name="set"/> not covered by any of <paramref name="cuts"/>.</summary>
    public static IReadOnlyList<TimeInterval> Subtract(IEnumerable<TimeInterval> set, IEnumerable<TimeInterval> cuts)
    {
        var remove = Normalize(cuts);
        var result = new List<TimeInterval>();
        foreach (var interval in Normalize(set))
        {
            var cursor = interval.Start;
            foreach (var cut in remove)
            {
                if (cut.End <= cursor)
                {
                    continue;
                }
                if (cut.Start >= interval.End)
                {
                    break;
                }
                if (cut.Start > cursor)
                {
                    result.Add(new TimeInterval(cursor, cut.Start));
                }
                cursor = cut.End;
                if (cursor >= interval.End)
                {
                    break;
                }
            }
            if (cursor < interval.End)
            {
                result.Add(new TimeInterval(cursor, interval.End));
            }
        }
        return result;
    }

    /// <summary>The parts of <paramref name="set"/> that are covered by <paramref name="other"/>.</summary>
    public static IReadOnlyList<TimeInterval> Intersect(IEnumerable<TimeInterval> set, IEnumerable<TimeInterval> other)
    {
        var normalizedSet = Normalize(set);
        return Subtract(normalizedSet, Subtract(normalizedSet, other));
    }

    /// <summary>The parts of <paramref name="set"/> inside <paramref name="window"/>.</summary>
    public static IReadOnlyList<TimeInterval> Clip(IEnumerable<TimeInterval> set, TimeInterval window) =>
        [.. Normalize(set).Select(i => i.Intersect(window)).OfType<TimeInterval>()];

    /// <summary>The summed length of a list (call on a normalised list to avoid counting overlaps twice).</summary>
    public static TimeSpan Total(IEnumerable<TimeInterval> set) =>
        set.Aggregate(TimeSpan.Zero, (sum, interval) => sum + interval.Duration);
}
