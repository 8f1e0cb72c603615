using System.ComponentModel.DataAnnotations;

namespace Smgw.Grains.Mailboxes;

/// <summary>Configuration section <c>Smgw:Mailboxes</c>.</summary>
public sealed class MailboxTrafficOptions : IValidatableObject
{
    public const string Section = "Smgw:Mailboxes";

    /// <summary>How often each silo hands the mailboxes' last traffic to the tenants' grains (one write per tenant and interval).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FlushInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Mailboxes:FlushInterval must be positive.", [nameof(FlushInterval)]);
        }
    }
}
