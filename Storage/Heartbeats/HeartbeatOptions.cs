using System.ComponentModel.DataAnnotations;

namespace Smgw.Storage.Heartbeats;

/// <summary>
/// <c>Smgw:Availability</c>: how often every gateway process writes its heartbeat, and how long a
/// silence may last before the gap counts as "gateway not running" (docs/SLA.md, issue G §1).
/// </summary>
public sealed class HeartbeatOptions : IValidatableObject
{
    public const string Section = "Smgw:Availability";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A gap between heartbeats longer than this is downtime, from the last beat to the next (at least twice the interval).</summary>
    public TimeSpan AllowedSilence { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rows of processes that ended longer ago than this are removed.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"{Section}:HeartbeatInterval must be between 00:00:00.1 and 00:05:00.", [nameof(HeartbeatInterval)]);
        }
        if (AllowedSilence < 2 * HeartbeatInterval)
        {
            yield return new ValidationResult($"{Section}:AllowedSilence must be at least twice {Section}:HeartbeatInterval.", [nameof(AllowedSilence)]);
        }
        if (Retention < TimeSpan.FromDays(32))
        {
            yield return new ValidationResult($"{Section}:Retention must be at least 32.00:00:00 (a month's report rests on it).", [nameof(Retention)]);
        }
    }
}
