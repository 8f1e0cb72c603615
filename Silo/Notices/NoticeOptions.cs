using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Smgw.Silo.Notices;

/// <summary>Configuration section <c>Smgw:Notices</c>: mail the gateway writes to tenants' contacts (reminders, maintenance notices).</summary>
public sealed class NoticeOptions : IValidatableObject
{
    public const string Section = "Smgw:Notices";

    /// <summary>The From address (and envelope sender) of the gateway's mails.</summary>
    public string From { get; set; } = "smgw-noreply@localhost.localdomain";

    /// <summary>The display name beside <see cref="From"/>.</summary>
    public string FromName { get; set; } = "SMGW Secure Mail Gateway";

    /// <summary>Mail the tenants' contacts about their reminders (expiring certificates, checklist items waiting on them).</summary>
    public bool ReminderMails { get; set; } = true;

    /// <summary>The same reminder (one certificate, one checklist item) is mailed at most once per this period.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out var parsed) || parsed.Address != From.Trim()
            || From.IndexOf('@') <= 0 || From.EndsWith('@'))
        {
            yield return new ValidationResult($"Smgw:Notices:From '{From}' must be a plain e-mail address such as smgw@gateway.example.", [nameof(From)]);
        }
        if (ReminderPeriod < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Smgw:Notices:ReminderPeriod must be at least one minute.", [nameof(ReminderPeriod)]);
        }
    }
}
