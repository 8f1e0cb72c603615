using System.ComponentModel.DataAnnotations;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Net;

namespace Smgw.Grains.Messenger;

/// <summary>The silo side of <c>Smgw:Messenger</c>: where links point and how guessing is stopped.</summary>
public sealed class MessengerOptions : IValidatableObject
{
    public const string Section = "Smgw:Messenger";

    /// <summary>Service key of the Messenger's clock (the process clock unless a test replaces it, e.g. to let retention run out).</summary>
    public const string Clock = "messenger";

    /// <summary>The Messenger's public base URL (https in production), used in notification links. Unset: the URL of <see cref="Listen"/>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Where the Messenger listens (read here only to derive <see cref="PublicBaseUrl"/>; see MessengerWebOptions).</summary>
    public string Listen { get; set; } = "127.0.0.1:8480";

    /// <summary>The Messenger's HTTPS certificate, if any (makes the derived URL https).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The base of every link in notices: <see cref="PublicUrl"/>, or the listener's own URL.</summary>
    public string PublicBaseUrl => WebListen.PublicBase(PublicUrl, Listen, MessengerUrls.DefaultPort, !string.IsNullOrEmpty(CertificateFile)) ?? "";

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
        foreach (var problem in MessengerUrls.Problems(Listen, PublicUrl, !string.IsNullOrEmpty(CertificateFile)))
        {
            yield return new ValidationResult(problem, [nameof(PublicUrl)]);
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
