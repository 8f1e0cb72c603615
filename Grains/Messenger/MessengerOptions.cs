using System.ComponentModel.DataAnnotations;

namespace Smgw.Grains.Messenger;

/// <summary>The silo side of <c>Smgw:Messenger</c>: where links point and how guessing is stopped.</summary>
public sealed class MessengerOptions : IValidatableObject
{
    public const string Section = "Smgw:Messenger";

    /// <summary>Service key of the Messenger's clock (the process clock unless a test replaces it, e.g. to let retention run out).</summary>
    public const string Clock = "messenger";

    /// <summary>The Messenger's public base URL (https in production), used in notification links.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:8480";

    /// <summary>Failed logins (or codes) in a row after which the account is locked.</summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a lock-out lasts.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a one-time code is valid.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The envelope and header sender of notifications (empty: the original sender, so that bounces reach them).</summary>
    public string NotificationSender { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult($"Smgw:Messenger:PublicUrl '{PublicUrl}' must be an absolute http(s) URL such as https://messenger.example.org.", [nameof(PublicUrl)]);
        }
        if (LockoutDuration <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Messenger:LockoutDuration must be positive.", [nameof(LockoutDuration)]);
        }
        if (CodeLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Messenger:CodeLifetime must be positive.", [nameof(CodeLifetime)]);
        }
    }
}
