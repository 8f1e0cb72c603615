using System.ComponentModel.DataAnnotations;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Net;

namespace Smgw.Messenger;

/// <summary>The web side of <c>Smgw:Messenger</c>.</summary>
public sealed class MessengerWebOptions : IValidatableObject
{
    public const string Section = "Smgw:Messenger";

    /// <summary>
    /// Host the Messenger inside the silo. Unset: yes in the all-in-one (SQLite), no on PostgreSQL
    /// cluster silos (see <c>AddSmgwMessenger</c>); the standalone process always hosts it.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Where the Messenger listens, as host:port or a URL (<c>http://127.0.0.1:8480</c>, the form of
    /// <c>Smgw:Http:Listen</c>): loopback unless deliberately exposed (put a TLS reverse proxy in
    /// front, or set the certificate).
    /// </summary>
    public string Listen { get; set; } = "127.0.0.1:8480";

    /// <summary>
    /// The public base URL in notification links; https makes every cookie Secure. Unset: the
    /// URL of <see cref="Listen"/> (required when that binds every address).
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary><see cref="PublicUrl"/>, or the listener's own URL when it is not set.</summary>
    public string PublicBaseUrl => WebListen.PublicBase(PublicUrl, Listen, MessengerUrls.DefaultPort, !string.IsNullOrEmpty(CertificateFile)) ?? "";

    /// <summary>PEM certificate and key for HTTPS on <see cref="Listen"/> (optional).</summary>
    public string? CertificateFile { get; set; }
    public string? KeyFile { get; set; }

    /// <summary>Login, code and registration requests per client address and minute.</summary>
    [Range(1, 10_000)]
    public int AttemptsPerMinute { get; set; } = 20;

    /// <summary>Directory of the cookie key ring; set it (shared) when several Messenger processes serve the same users.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>Standalone process: where <c>/metrics</c> is served.</summary>
    public string MetricsListen { get; set; } = "127.0.0.1:9465";

    /// <summary>Largest reply (text and attachments) in bytes.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxReplyBytes { get; set; } = 20 * 1024 * 1024;

    public bool SecureCookies => PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var problem in MessengerUrls.Problems(Listen, PublicUrl, !string.IsNullOrEmpty(CertificateFile)))
        {
            yield return new ValidationResult(problem, [nameof(Listen)]);
        }
        if (string.IsNullOrEmpty(CertificateFile) != string.IsNullOrEmpty(KeyFile))
        {
            yield return new ValidationResult("Smgw:Messenger:CertificateFile and Smgw:Messenger:KeyFile go together.", [nameof(CertificateFile)]);
        }
        if (CertificateFile is { Length: > 0 } file && !File.Exists(file))
        {
            yield return new ValidationResult($"Smgw:Messenger:CertificateFile '{file}' does not exist.", [nameof(CertificateFile)]);
        }
    }
}
