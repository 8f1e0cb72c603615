namespace Smgw.Grains.Sla;

/// <summary>What a maintenance window's announcement time rests on (issue G §2).</summary>
public enum AnnouncementEvidence
{
    /// <summary>Nothing: the window was never announced.</summary>
    None = 0,

    /// <summary>The gateway's own notice mail to the tenants' contacts; its queue time is the announcement time.</summary>
    NoticeMail = 1,

    /// <summary>An announcement made another way, recorded in the gateway; it counts from when it was recorded.</summary>
    RecordedAnnouncement = 2,

    /// <summary>
    /// The operator's claimed time, unverified: windows imported as history (ended before
    /// <see cref="SlaOptions.ImportedHistoryBefore"/>) or recorded before the gateway kept the recording time.
    /// </summary>
    Claimed = 3,
}
