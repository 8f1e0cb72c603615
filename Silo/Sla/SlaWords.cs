using System.Globalization;
using Smgw.Grains.Sla;

namespace Smgw.Silo.Sla;

/// <summary>
/// The words of the report page and chart in one language (issue G §3: German or English, the
/// tenant contact's language). Every word is required, so a language without one does not compile.
/// </summary>
public sealed record SlaWords
{
    public static readonly SlaWords English = new()
    {
        Language = "en",
        Title = "SMGW SLA report",
        ChartTitle = "SMGW availability",
        WholeService = "whole service",
        Tenant = "tenant",
        Availability = "availability",
        Target = "target",
        MeetsTarget = "meets target",
        Yes = "yes",
        No = "no",
        CountedDowntime = "counted downtime",
        ExemptMaintenance = "exempt maintenance",
        ExcludedDisturbances = "excluded disturbances",
        ErrorBudgetLeft = "error budget left",
        Of = "of",
        LongestInterruption = "longest interruption (per ISO week, cap 240 min)",
        CapBroken = "cap broken",
        IsoWeek = "ISO week",
        OutsidePeriod = "outside this period, counted for the ISO week that touches it",
        Ongoing = "ongoing",
        PeriodComplete = "period complete",
        FiguresSoFar = "no (figures so far)",
        Days = "Days",
        Day = "day",
        CountedMinutes = "counted minutes",
        Excluded = "excluded",
        MarkExempt = "M exempt",
        MarkExcluded = "X excluded",
        Interruptions = "Interruptions",
        From = "from (Berlin)",
        To = "to (Berlin)",
        Minutes = "minutes",
        Counts = "counts",
        WhatWhy = "what / why",
        Counted = "counted",
        CountedOngoing = "counted (ongoing)",
        ExemptRow = "exempt: maintenance",
        ExcludedRow = "excluded: outside the operator's control",
        MaintenanceWindows = "Maintenance windows",
        NoneInPeriod = "None in this period.",
        Start = "start",
        End = "end",
        Tenants = "tenants",
        OutageExpected = "outage expected",
        Announcement = "announcement",
        Verdict = "verdict",
        Effects = "effects",
        CorrectedRecords = "Corrected records",
        CorrectedIntro = "These figures rest on records that were amended or withdrawn after they were made:",
        RulesApplied = "Rules applied",
        EvidenceNoticeMail = "notice mail",
        EvidenceRecorded = "recorded announcement",
        EvidenceClaimed = "claimed (imported)",
        EvidenceNone = "none",
        AnnouncedInTime = "exempt: announced in time",
        NoAnnouncementNeededExempt = "exempt: no announcement needed",
        NoAnnouncementNeededCounts = "no announcement needed; outages in it count",
        AnnouncedLate = "counts: announced late",
        NotAnnounced = "counts: not announced",
        RecordedAfterStart = "counts: recorded after it started",
        ChartSummary = "{0} (target {1}), counted downtime {2} min, budget left {3} of {4} min, longest interruption {5} min (cap {6})",
        PeriodNotOver = ", period not over",
        TargetLine = "target {0}",
        InterruptionsStrip = "Interruptions (Europe/Berlin)",
        LegendOk = "day at or above target",
        LegendBelow = "day below target / counted interruption",
        LegendExempt = "M exempt maintenance",
        LegendExcluded = "X excluded disturbance",
        TaggedBy = "tagged by {0}",
        AllTenants = "all tenants",
        DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        DecimalSeparator = ".",
    };

    public static readonly SlaWords German = new()
    {
        Language = "de",
        Title = "SMGW SLA-Bericht",
        ChartTitle = "SMGW Verfügbarkeit",
        WholeService = "gesamter Dienst",
        Tenant = "Mandant",
        Availability = "Verfügbarkeit",
        Target = "Zielwert",
        MeetsTarget = "Zielwert erreicht",
        Yes = "ja",
        No = "nein",
        CountedDowntime = "gezählte Ausfallzeit",
        ExemptMaintenance = "ausgenommene Wartung",
        ExcludedDisturbances = "ausgenommene Störungen",
        ErrorBudgetLeft = "verbleibendes Ausfallbudget",
        Of = "von",
        LongestInterruption = "längste Unterbrechung (je ISO-Woche, Obergrenze 240 min)",
        CapBroken = "Obergrenze überschritten",
        IsoWeek = "ISO-Woche",
        OutsidePeriod = "außerhalb dieses Zeitraums, gezählt für die ISO-Woche, die ihn berührt",
        Ongoing = "andauernd",
        PeriodComplete = "Zeitraum abgeschlossen",
        FiguresSoFar = "nein (bisherige Werte)",
        Days = "Tage",
        Day = "Tag",
        CountedMinutes = "gezählte Minuten",
        Excluded = "ausgenommen",
        MarkExempt = "M ausgenommen",
        MarkExcluded = "X ausgenommen",
        Interruptions = "Unterbrechungen",
        From = "von (Berlin)",
        To = "bis (Berlin)",
        Minutes = "Minuten",
        Counts = "zählt",
        WhatWhy = "was / warum",
        Counted = "gezählt",
        CountedOngoing = "gezählt (andauernd)",
        ExemptRow = "ausgenommen: Wartung",
        ExcludedRow = "ausgenommen: außerhalb des Einflusses des Betreibers",
        MaintenanceWindows = "Wartungsfenster",
        NoneInPeriod = "Keine in diesem Zeitraum.",
        Start = "Beginn",
        End = "Ende",
        Tenants = "Mandanten",
        OutageExpected = "Ausfall erwartet",
        Announcement = "Ankündigung",
        Verdict = "Bewertung",
        Effects = "Auswirkungen",
        CorrectedRecords = "Korrigierte Aufzeichnungen",
        CorrectedIntro = "Diese Werte beruhen auf Aufzeichnungen, die nachträglich geändert oder zurückgezogen wurden:",
        RulesApplied = "Angewandte Regeln",
        EvidenceNoticeMail = "Benachrichtigungsmail",
        EvidenceRecorded = "erfasste Ankündigung",
        EvidenceClaimed = "behauptet (importiert)",
        EvidenceNone = "keine",
        AnnouncedInTime = "ausgenommen: rechtzeitig angekündigt",
        NoAnnouncementNeededExempt = "ausgenommen: keine Ankündigung nötig",
        NoAnnouncementNeededCounts = "keine Ankündigung nötig; Ausfälle darin zählen",
        AnnouncedLate = "zählt: zu spät angekündigt",
        NotAnnounced = "zählt: nicht angekündigt",
        RecordedAfterStart = "zählt: nach Beginn erfasst",
        ChartSummary = "{0} (Zielwert {1}), gezählte Ausfallzeit {2} min, Budget übrig {3} von {4} min, längste Unterbrechung {5} min (Obergrenze {6})",
        PeriodNotOver = ", Zeitraum nicht abgeschlossen",
        TargetLine = "Zielwert {0}",
        InterruptionsStrip = "Unterbrechungen (Europe/Berlin)",
        LegendOk = "Tag am oder über dem Zielwert",
        LegendBelow = "Tag unter dem Zielwert / gezählte Unterbrechung",
        LegendExempt = "M ausgenommene Wartung",
        LegendExcluded = "X ausgenommene Störung",
        TaggedBy = "markiert von {0}",
        AllTenants = "alle Mandanten",
        DayNames = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        DecimalSeparator = ",",
    };

    /// <summary>The languages a report can be read in.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["de", "en"];

    /// <summary>The words for <paramref name="language"/> ("de" or "en"); null for any other.</summary>
    public static SlaWords? For(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        "de" => German,
        "en" => English,
        _ => null,
    };

    public required string Language { get; init; }
    public required string Title { get; init; }
    public required string ChartTitle { get; init; }
    public required string WholeService { get; init; }
    public required string Tenant { get; init; }
    public required string Availability { get; init; }
    public required string Target { get; init; }
    public required string MeetsTarget { get; init; }
    public required string Yes { get; init; }
    public required string No { get; init; }
    public required string CountedDowntime { get; init; }
    public required string ExemptMaintenance { get; init; }
    public required string ExcludedDisturbances { get; init; }
    public required string ErrorBudgetLeft { get; init; }
    public required string Of { get; init; }
    public required string LongestInterruption { get; init; }
    public required string CapBroken { get; init; }
    public required string IsoWeek { get; init; }
    public required string OutsidePeriod { get; init; }
    public required string Ongoing { get; init; }
    public required string PeriodComplete { get; init; }
    public required string FiguresSoFar { get; init; }
    public required string Days { get; init; }
    public required string Day { get; init; }
    public required string CountedMinutes { get; init; }
    public required string Excluded { get; init; }
    public required string MarkExempt { get; init; }
    public required string MarkExcluded { get; init; }
    public required string Interruptions { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public required string Minutes { get; init; }
    public required string Counts { get; init; }
    public required string WhatWhy { get; init; }
    public required string Counted { get; init; }
    public required string CountedOngoing { get; init; }
    public required string ExemptRow { get; init; }
    public required string ExcludedRow { get; init; }
    public required string MaintenanceWindows { get; init; }
    public required string NoneInPeriod { get; init; }
    public required string Start { get; init; }
    public required string End { get; init; }
    public required string Tenants { get; init; }
    public required string OutageExpected { get; init; }
    public required string Announcement { get; init; }
    public required string Verdict { get; init; }
    public required string Effects { get; init; }
    public required string CorrectedRecords { get; init; }
    public required string CorrectedIntro { get; init; }
    public required string RulesApplied { get; init; }
    public required string EvidenceNoticeMail { get; init; }
    public required string EvidenceRecorded { get; init; }
    public required string EvidenceClaimed { get; init; }
    public required string EvidenceNone { get; init; }
    public required string AnnouncedInTime { get; init; }
    public required string NoAnnouncementNeededExempt { get; init; }
    public required string NoAnnouncementNeededCounts { get; init; }
    public required string AnnouncedLate { get; init; }
    public required string NotAnnounced { get; init; }
    public required string RecordedAfterStart { get; init; }
    /// <summary>{0} availability, {1} target, {2} counted, {3} budget left, {4} budget, {5} longest, {6} cap.</summary>
    public required string ChartSummary { get; init; }
    public required string PeriodNotOver { get; init; }
    public required string TargetLine { get; init; }
    public required string InterruptionsStrip { get; init; }
    public required string LegendOk { get; init; }
    public required string LegendBelow { get; init; }
    public required string LegendExempt { get; init; }
    public required string LegendExcluded { get; init; }
    /// <summary>Who tagged an exclusion: {0} the name.</summary>
    public required string TaggedBy { get; init; }
    public required string AllTenants { get; init; }
    /// <summary>Abbreviated day names, Sunday first.</summary>
    public required IReadOnlyList<string> DayNames { get; init; }
    public required string DecimalSeparator { get; init; }

    /// <summary>A ratio as a percentage with <paramref name="format"/> digits, in this language's notation: 99.306 % / 99,306 %.</summary>
    public string Percent(double ratio, string format = "0.000") =>
        Number((ratio * 100).ToString(format, CultureInfo.InvariantCulture)) + " %";

    /// <summary>A number formatted invariantly, with this language's decimal separator.</summary>
    public string Number(string invariant) => DecimalSeparator == "." ? invariant : invariant.Replace(".", DecimalSeparator, StringComparison.Ordinal);

    /// <summary>"Mon 2025-11-10" / "Mo 2025-11-10".</summary>
    public string DayLabel(DateOnly day) => $"{DayNames[(int)day.DayOfWeek]} {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>How an interruption row counts: counted (ongoing), exempt maintenance or excluded.</summary>
    public string HowItCounts(ReportedInterruption interruption) => interruption.Kind switch
    {
        InterruptionKind.Counted => interruption.Ongoing ? CountedOngoing : Counted,
        InterruptionKind.ExemptMaintenance => ExemptRow,
        _ => ExcludedRow,
    };

    /// <summary>The "what / why" of a row: its records in this language (English: <see cref="ReportedInterruption.Reason"/> as it is).</summary>
    public string Reason(ReportedInterruption interruption) =>
        Language == "en" || interruption.Sources is not { Count: > 0 } sources
            ? interruption.Reason
            : string.Join("; ", sources.Select(s => s.Verdict is { } verdict ? $"{s.Text} ({Short(verdict)})".Trim()
                : s.TaggedBy is { } by ? $"{s.Text} ({string.Format(CultureInfo.InvariantCulture, TaggedBy, by)})" : s.Text));

    private string Short(MaintenanceVerdict verdict) => Language != "de" ? verdict.ToString() : verdict switch
    {
        MaintenanceVerdict.AnnouncedInTime => "rechtzeitig angekündigt",
        MaintenanceVerdict.NoAnnouncementNeeded => "keine Ankündigung nötig",
        MaintenanceVerdict.AnnouncedLate => "zu spät angekündigt",
        MaintenanceVerdict.NotAnnounced => "nicht angekündigt",
        MaintenanceVerdict.RecordedAfterStart => "nach Beginn erfasst",
        _ => verdict.ToString(),
    };

    public string Words(TenantScope scope) => scope.IsAll ? AllTenants : string.Join(", ", scope.Tenants);

    public string Words(AnnouncementEvidence evidence) => evidence switch
    {
        AnnouncementEvidence.NoticeMail => EvidenceNoticeMail,
        AnnouncementEvidence.RecordedAnnouncement => EvidenceRecorded,
        AnnouncementEvidence.Claimed => EvidenceClaimed,
        _ => EvidenceNone,
    };

    public string Words(MaintenanceAssessment ruling) => ruling.Verdict switch
    {
        MaintenanceVerdict.AnnouncedInTime => AnnouncedInTime,
        MaintenanceVerdict.NoAnnouncementNeeded => ruling.IsExempt ? NoAnnouncementNeededExempt : NoAnnouncementNeededCounts,
        MaintenanceVerdict.AnnouncedLate => AnnouncedLate,
        MaintenanceVerdict.NotAnnounced => NotAnnounced,
        MaintenanceVerdict.RecordedAfterStart => RecordedAfterStart,
        _ => ruling.Verdict.ToString(),
    };
}
