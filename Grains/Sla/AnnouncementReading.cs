namespace Smgw.Grains.Sla;

/// <summary>How "announced N working days before it starts" (SLA-3) is read.</summary>
public enum AnnouncementReading
{
    /// <summary>The brief's default: N full Saxon working days lie strictly between the announcement day and the start day.</summary>
    FullWorkingDaysBetween = 0,

    /// <summary>Looser reading: the start day may itself be the N-th Saxon working day after the announcement day.</summary>
    StartOnNthWorkingDay = 1,
}
