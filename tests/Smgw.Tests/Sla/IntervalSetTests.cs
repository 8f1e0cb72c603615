using Smgw.Grains.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

public class IntervalSetTests
{
    private static readonly DateTimeOffset T0 = new(2025, 11, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Minutes after T0.</summary>
    private static TimeInterval M(int from, int to) => new(T0.AddMinutes(from), T0.AddMinutes(to));

    [Fact]
    public void Overlapping_and_touching_intervals_merge_empty_ones_vanish()
    {
        var merged = IntervalSet.Normalize([M(50, 70), M(0, 10), M(5, 20), M(20, 30), M(40, 40), M(60, 65)]);
        Assert.Equal([M(0, 30), M(50, 70)], merged);
    }

    [Fact]
    public void Subtract_cuts_holes_and_edges()
    {
        var left = IntervalSet.Subtract([M(0, 100), M(200, 300)], [M(10, 20), M(90, 210), M(250, 260), M(400, 500)]);
        Assert.Equal([M(0, 10), M(20, 90), M(210, 250), M(260, 300)], left);
        Assert.Empty(IntervalSet.Subtract([M(0, 100)], [M(-10, 110)]));
    }

    [Fact]
    public void Intersect_and_clip()
    {
        Assert.Equal([M(10, 20), M(90, 100), M(200, 210)], IntervalSet.Intersect([M(0, 100), M(200, 300)], [M(10, 20), M(90, 210)]));
        Assert.Equal([M(50, 100), M(200, 220)], IntervalSet.Clip([M(0, 100), M(200, 300)], M(50, 220)));
        Assert.Equal(TimeSpan.FromMinutes(70), IntervalSet.Total(IntervalSet.Clip([M(0, 100), M(200, 300)], M(50, 220))));
    }

    [Fact]
    public void An_interval_cannot_end_before_it_starts()
    {
        Assert.Throws<ArgumentException>(() => M(10, 5));
    }
}
