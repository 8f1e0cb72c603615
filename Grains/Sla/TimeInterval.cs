namespace Smgw.Grains.Sla;

/// <summary>A half-open interval [Start, End) of instants, normalised to UTC.</summary>
public readonly record struct TimeInterval
{
    public TimeInterval(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
        {
            throw new ArgumentException($"interval ends ({end:o}) before it starts ({start:o})", nameof(end));
        }
        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Duration => End - Start;

    public bool IsEmpty => End == Start;

    /// <summary>True when the two intervals share a stretch of positive length (touching ends do not overlap).</summary>
    public bool Overlaps(TimeInterval other) => Start < other.End && other.Start < End;

    /// <summary>The common part, or null when there is none of positive length.</summary>
    public TimeInterval? Intersect(TimeInterval other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return start < end ? new TimeInterval(start, end) : null;
    }

    public override string ToString() => $"[{Start:u}, {End:u})";
}
