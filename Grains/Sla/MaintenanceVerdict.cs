namespace Smgw.Grains.Sla;

/// <summary>Why a maintenance window is exempt from the accounting, or why it is not.</summary>
public enum MaintenanceVerdict
{
    /// <summary>Exempt: announced at least the configured number of Saxon working days before its start.</summary>
    AnnouncedInTime = 0,

    /// <summary>
    /// No outage expected and not longer than the unannounced maximum (240 min), so no announcement
    /// was needed. An outage in it counts unless <see cref="SlaOptions.UnannouncedWindowOutages"/> is
    /// <see cref="UnannouncedWindowOutages.Exempt"/>.
    /// </summary>
    NoAnnouncementNeeded = 1,

    /// <summary>Counts: needed an announcement, and it came too late.</summary>
    AnnouncedLate = 2,

    /// <summary>Counts: needed an announcement and was never announced.</summary>
    NotAnnounced = 3,

    /// <summary>Counts: the window was recorded after it had started (it cannot have been announced by the gateway in time).</summary>
    RecordedAfterStart = 4,
}
