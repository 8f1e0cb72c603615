using System.Globalization;
using System.Text;
using Smgw.Grains.Sla;
using Smgw.Interfaces.Sla;
using Smgw.Silo.Reminders;

namespace Smgw.Silo.Notices;

/// <summary>The gateway's mails to tenant contacts, in German and English. Times in Europe/Berlin, with UTC beside them.</summary>
public static class NoticeTexts
{
    // Day names spelled out here: the gateway may run without ICU culture data (invariant globalization).
    private static readonly string[] GermanDays = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"];
    private const bool German = true;
    private const bool English = false;

    public static Notice Maintenance(MaintenanceRecord window, string tenantName) => new("maintenance", language =>
    {
        var de = language == "de";
        var body = new StringBuilder();
        if (de)
        {
            body.AppendLine($"Sehr geehrte Damen und Herren{(tenantName.Length > 0 ? $" ({tenantName})" : "")},");
            body.AppendLine();
            body.AppendLine("am SVN SecureMail Gateway (SMGW) finden Wartungsarbeiten statt:");
            body.AppendLine();
            body.AppendLine($"  Beginn:   {Local(window.Start, German)} (Europe/Berlin; {window.Start.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
            body.AppendLine($"  Ende:     {Local(window.End, German)} (Europe/Berlin; {window.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
            body.AppendLine($"  Ausfall:  {(window.OutageExpected ? "ja, der Mailverkehr über das Gateway wird unterbrochen" : "nicht erwartet")}");
            body.AppendLine($"  Auswirkungen: {(window.Effects.Length > 0 ? window.Effects : "keine besonderen")}");
            body.AppendLine();
            body.AppendLine("Während einer Unterbrechung angenommene Nachrichten bleiben in den Warteschlangen der sendenden Server und werden danach zugestellt.");
            body.AppendLine();
            body.AppendLine($"Wartungsfenster {window.Id}. Diese Nachricht wurde automatisch erstellt.");
        }
        else
        {
            body.AppendLine($"Dear colleagues{(tenantName.Length > 0 ? $" ({tenantName})" : "")},");
            body.AppendLine();
            body.AppendLine("maintenance work is scheduled on the SVN SecureMail Gateway (SMGW):");
            body.AppendLine();
            body.AppendLine($"  Start:    {Local(window.Start, English)} (Europe/Berlin; {window.Start.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
            body.AppendLine($"  End:      {Local(window.End, English)} (Europe/Berlin; {window.End.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
            body.AppendLine($"  Outage:   {(window.OutageExpected ? "yes, mail through the gateway is interrupted" : "not expected")}");
            body.AppendLine($"  Expected effects: {(window.Effects.Length > 0 ? window.Effects : "none in particular")}");
            body.AppendLine();
            body.AppendLine("Messages sent during an interruption stay queued at the sending servers and are delivered afterwards.");
            body.AppendLine();
            body.AppendLine($"Maintenance window {window.Id}. This message was generated automatically.");
        }
        var subject = de
            ? $"SMGW-Wartung am {Local(window.Start, German)}{(window.OutageExpected ? " (mit Unterbrechung)" : "")}"
            : $"SMGW maintenance on {Local(window.Start, English)}{(window.OutageExpected ? " (with interruption)" : "")}";
        return (subject, body.ToString());
    });

    public static Notice Reminders(string tenantId, IReadOnlyList<Reminder> reminders) => new("reminder", language =>
    {
        var de = language == "de";
        var body = new StringBuilder();
        body.AppendLine(de
            ? $"Sehr geehrte Damen und Herren,\n\nfür Ihren Anschluss an das SVN SecureMail Gateway (Mandant {tenantId}) ist Folgendes zu erledigen:"
            : $"Dear colleagues,\n\nthe following needs your attention for your connection to the SVN SecureMail Gateway (tenant {tenantId}):");
        body.AppendLine();
        foreach (var reminder in reminders)
        {
            body.AppendLine($"  - {Describe(reminder, de)}");
        }
        body.AppendLine();
        body.AppendLine(de
            ? "Den aktuellen Stand zeigt die Admin-API (GET /api/reminders, GET /api/tenants/{id}/checklist). Diese Nachricht wurde automatisch erstellt; dieselbe Erinnerung wird höchstens einmal pro Woche versandt."
            : "The admin API shows the current state (GET /api/reminders, GET /api/tenants/{id}/checklist). This message was generated automatically; the same reminder is sent at most once a week.");
        var subject = de
            ? $"SMGW-Erinnerung für {tenantId}: {reminders.Count} offene(r) Punkt(e)"
            : $"SMGW reminder for {tenantId}: {reminders.Count} item(s) waiting";
        return (subject, body.ToString());
    });

    private static string Describe(Reminder reminder, bool de) => reminder.Kind switch
    {
        "certificate-expiring" => de
            ? $"Das Organisationszertifikat ({reminder.Subject.Replace("organisation certificate of ", "")}) läuft am {reminder.Due:dd.MM.yyyy} ab: bitte rechtzeitig erneuern."
            : $"The {reminder.Subject} expires on {reminder.Due:yyyy-MM-dd}: please renew it in time.",
        "certificate-expired" => de
            ? $"Das Organisationszertifikat ({reminder.Subject.Replace("organisation certificate of ", "")}) ist am {reminder.Due:dd.MM.yyyy} abgelaufen: bitte sofort erneuern."
            : $"The {reminder.Subject} expired on {reminder.Due:yyyy-MM-dd}: please renew it now.",
        _ => de
            ? $"Checkliste {reminder.Subject}: {StateGerman(reminder.Detail)}"
            : $"Checklist {reminder.Subject}: {reminder.Detail}",
    };

    private static string StateGerman(string detail) => detail switch
    {
        "Open" => "offen",
        "InProgress" => "in Bearbeitung",
        _ when detail.StartsWith("failed: ", StringComparison.Ordinal) => "nicht erfüllt: " + detail["failed: ".Length..],
        _ => detail,
    };

    private static string Local(DateTimeOffset instant, bool german)
    {
        var local = BerlinTime.ToLocal(instant);
        return german
            ? $"{GermanDays[(int)local.DayOfWeek]}, {local.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)} Uhr"
            : $"{local.DayOfWeek} {local.ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)}";
    }
}
