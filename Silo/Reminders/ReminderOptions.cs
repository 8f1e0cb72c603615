using System.ComponentModel.DataAnnotations;

namespace Smgw.Silo.Reminders;

/// <summary>Configuration section <c>Smgw:Reminders</c>.</summary>
public sealed class ReminderOptions : IValidatableObject
{
    public const string Section = "Smgw:Reminders";

    /// <summary>Certificates expiring within this many days are reminded of.</summary>
    [Range(1, 3650, ErrorMessage = "Smgw:Reminders:CertificateWarningDays must be between {1} and {2}.")]
    public int CertificateWarningDays { get; set; } = 30;

    /// <summary>How often the certificate and reminder gauges in /metrics are refreshed.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Reminders:Interval must be positive.", [nameof(Interval)]);
        }
    }
}
