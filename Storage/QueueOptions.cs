using System.ComponentModel.DataAnnotations;

namespace Smgw.Storage;

/// <summary>Configuration section <c>Smgw:Queue</c>.</summary>
public sealed class QueueOptions : IValidatableObject
{
    public const string Section = "Smgw:Queue";

    /// <summary>
    /// A message whose workflow has not finished this long after it was accepted (its silo died) is
    /// resumed by the queue manager of any silo. At silo start every queued message is resumed.
    /// </summary>
    public TimeSpan ResumeAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each silo's queue manager looks for due messages.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many messages are resumed per scan.</summary>
    [Range(1, 100_000, ErrorMessage = "Smgw:Queue:ScanBatch must be between {1} and {2}.")]
    public int ScanBatch { get; set; } = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ResumeAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Queue:ResumeAfter must be positive.", [nameof(ResumeAfter)]);
        }
        if (ScanInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Queue:ScanInterval must be positive.", [nameof(ScanInterval)]);
        }
    }
}
