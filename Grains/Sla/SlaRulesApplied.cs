using System.Globalization;

namespace Smgw.Grains.Sla;

/// <summary>The rules a report was computed with, so a reader can tell which reading of the brief it used.</summary>
public sealed record SlaRulesApplied(
    double AvailabilityTarget,
    SlaPeriodKind AvailabilityPeriod,
    TimeSpan InterruptionCap,
    SlaPeriodKind InterruptionPeriod,
    WeekBoundaryRule WeekBoundaryRule,
    int AnnouncementWorkingDays,
    AnnouncementReading AnnouncementReading,
    TimeSpan UnannouncedMaintenanceMaxDuration,
    OverallRule OverallRule,
    string TimeZone,
    UnannouncedWindowOutages UnannouncedWindowOutages,
    DateTimeOffset? ImportedHistoryBefore)
{
    public static SlaRulesApplied From(SlaOptions options) => new(
        options.AvailabilityTarget, options.AvailabilityPeriod, options.InterruptionCap, options.InterruptionPeriod,
        options.WeekBoundaryRule, options.AnnouncementWorkingDays, options.AnnouncementReading,
        options.UnannouncedMaintenanceMaxDuration, options.OverallRule, BerlinTime.Zone.Id,
        options.UnannouncedWindowOutages, options.ImportedHistoryBefore);

    /// <summary>One line per rule, in plain words, citing the brief's ids; in English or, with <paramref name="language"/> "de", in German.</summary>
    public IReadOnlyList<string> Describe(string language = "en") => language == "de" ? German() : English();

    private List<string> English()
    {
        var c = CultureInfo.InvariantCulture;
        var boundary = WeekBoundaryRule == WeekBoundaryRule.FullLengthInEveryWeek
            ? "an interruption crossing a boundary counts with its full length in every period it touches."
            : "an interruption crossing a boundary is split at it; each period counts its own part.";
        var reading = AnnouncementReading == AnnouncementReading.FullWorkingDaysBetween
            ? "full working days strictly between announcement day and start day"
            : "start day may be the n-th working day after the announcement day";
        return
        [
            string.Create(c, $"SLA-1: availability ≥ {AvailabilityTarget * 100:0.###} % per {Words(AvailabilityPeriod)} ({TimeZone}); availability = 1 − counted downtime / period length (real elapsed time; DST-aware)."),
            "SLA-1: tagged disturbances outside the operator's control and exempt maintenance are cut out before measuring; overlapping or back-to-back outages merge into one.",
            string.Create(c, $"SLA-2: longest continuous interruption ≤ {InterruptionCap.TotalMinutes:0} min per {Words(InterruptionPeriod)}; {boundary}"),
            string.Create(c, $"SLA-3: maintenance is exempt if announced with {AnnouncementWorkingDays} Saxon working days' notice ({reading}); otherwise its downtime counts. Work with no outage expected and ≤ {UnannouncedMaintenanceMaxDuration.TotalMinutes:0} min needs no announcement; ")
                + (UnannouncedWindowOutages == UnannouncedWindowOutages.Count
                    ? "an outage inside such a window counts (nothing announced it)."
                    : "such a window is exempt, outages inside it included (UnannouncedWindowOutages = Exempt)."),
            "SLA-3: the announcement is the gateway's notice mail to the tenant's contacts (its queue time), or an announcement made another way counting from when it was recorded; a window recorded after it started is never exempt."
                + (ImportedHistoryBefore is { } history ? string.Create(c, $" Windows that ended before {history:u} are imported history, judged by their claimed announcement time.") : ""),
            OverallRule == OverallRule.AnyTenantDown
                ? "Overall: the service counts as down while any tenant has counted downtime; an outage of all tenants counts for each tenant."
                : "Overall: only outages of all tenants count; an outage of all tenants counts for each tenant.",
        ];
    }

    private List<string> German()
    {
        var c = CultureInfo.InvariantCulture;
        var boundary = WeekBoundaryRule == WeekBoundaryRule.FullLengthInEveryWeek
            ? "eine Unterbrechung über eine Grenze hinweg zählt mit ihrer vollen Länge in jedem Zeitraum, den sie berührt."
            : "eine Unterbrechung über eine Grenze hinweg wird dort geteilt; jeder Zeitraum zählt seinen Teil.";
        var reading = AnnouncementReading == AnnouncementReading.FullWorkingDaysBetween
            ? "volle Arbeitstage echt zwischen Ankündigungstag und Beginn"
            : "der Beginn darf der n-te Arbeitstag nach dem Ankündigungstag sein";
        return
        [
            string.Create(c, $"SLA-1: Verfügbarkeit ≥ {(AvailabilityTarget * 100).ToString("0.###", c).Replace('.', ',')} % je {GermanWords(AvailabilityPeriod)} ({TimeZone}); Verfügbarkeit = 1 − gezählte Ausfallzeit / Länge des Zeitraums (tatsächlich verstrichene Zeit; Sommerzeit berücksichtigt)."),
            "SLA-1: Störungen außerhalb des Einflusses des Betreibers (markiert) und ausgenommene Wartung werden vor der Messung herausgenommen; überlappende oder aneinandergrenzende Ausfälle werden zu einem.",
            string.Create(c, $"SLA-2: längste zusammenhängende Unterbrechung ≤ {InterruptionCap.TotalMinutes:0} min je {GermanWords(InterruptionPeriod)}; {boundary}"),
            string.Create(c, $"SLA-3: Wartung ist ausgenommen, wenn sie {AnnouncementWorkingDays} sächsische Arbeitstage vorher angekündigt wurde ({reading}); sonst zählt ihre Ausfallzeit. Arbeiten ohne erwarteten Ausfall und ≤ {UnannouncedMaintenanceMaxDuration.TotalMinutes:0} min brauchen keine Ankündigung; ")
                + (UnannouncedWindowOutages == UnannouncedWindowOutages.Count
                    ? "ein Ausfall in einem solchen Fenster zählt (nichts hat ihn angekündigt)."
                    : "ein solches Fenster ist ausgenommen, Ausfälle darin eingeschlossen (UnannouncedWindowOutages = Exempt)."),
            "SLA-3: Ankündigung ist die Benachrichtigungsmail des Gateways an die Kontakte des Mandanten (ihr Einreihungszeitpunkt) oder eine anders gemachte Ankündigung ab dem Zeitpunkt ihrer Erfassung; ein nach seinem Beginn erfasstes Fenster ist nie ausgenommen."
                + (ImportedHistoryBefore is { } history ? string.Create(c, $" Fenster, die vor {history:u} endeten, sind importierte Historie und werden nach ihrer angegebenen Ankündigungszeit bewertet.") : ""),
            OverallRule == OverallRule.AnyTenantDown
                ? "Gesamt: der Dienst gilt als ausgefallen, solange irgendein Mandant gezählte Ausfallzeit hat; ein Ausfall aller Mandanten zählt für jeden Mandanten."
                : "Gesamt: nur Ausfälle aller Mandanten zählen; ein Ausfall aller Mandanten zählt für jeden Mandanten.",
        ];
    }

    private static string GermanWords(SlaPeriodKind kind) => kind switch
    {
        SlaPeriodKind.IsoWeek => "ISO-Woche",
        SlaPeriodKind.Month => "Kalendermonat",
        SlaPeriodKind.Quarter => "Kalenderquartal",
        SlaPeriodKind.Year => "Kalenderjahr",
        _ => kind.ToString(),
    };

    private static string Words(SlaPeriodKind kind) => kind switch
    {
        SlaPeriodKind.IsoWeek => "ISO week",
        SlaPeriodKind.Month => "calendar month",
        SlaPeriodKind.Quarter => "calendar quarter",
        SlaPeriodKind.Year => "calendar year",
        _ => kind.ToString(),
    };
}
