using System.ComponentModel.DataAnnotations;
using Smgw.Interfaces.Net;

namespace Smgw.SmtpFrontend;

/// <summary>Configuration section <c>Smgw:Smtp</c>.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smgw:Smtp";

    /// <summary>Host the SMTP listeners in this process (all-in-one silo, or the SmtpFrontend process).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Name in the greeting, EHLO reply and Received headers. Default: the machine's host name.</summary>
    public string Hostname { get; set; } = Environment.MachineName.ToLowerInvariant();

    public ListenerOptions Inbound { get; set; } = new() { Listen = "127.0.0.1:2525" };

    public ListenerOptions Submission { get; set; } = new() { Listen = "127.0.0.1:2587", MaxConnectionsPerClient = 100 };

    /// <summary>Largest message accepted, in bytes (advertised as SIZE, enforced at MAIL and after DATA).</summary>
    [Range(1024, int.MaxValue, ErrorMessage = "Smgw:Smtp:MaxMessageSize must be between {1} and {2} bytes.")]
    public int MaxMessageSize { get; set; } = 50 * 1024 * 1024;

    /// <summary>
    /// Longest command line accepted, CRLF included: RFC 5321 §4.5.3.1.4 says 512; the DSN
    /// extension adds up to 500 for ORCPT/ENVID (RFC 3461 §4), hence 1024. Longer: 500 5.5.2, session ended.
    /// </summary>
    [Range(512, 65_536, ErrorMessage = "Smgw:Smtp:MaxCommandLine must be between {1} and {2} octets.")]
    public int MaxCommandLine { get; set; } = 1024;

    /// <summary>
    /// Longest line of a message. RFC 5321 §4.5.3.1.6 says 1000, but real mail (HTML without line
    /// breaks) has longer ones; the tolerance bounds what one line may make the gateway hold. Longer: 500 5.5.2.
    /// </summary>
    [Range(1000, 16 * 1024 * 1024, ErrorMessage = "Smgw:Smtp:MaxTextLine must be between {1} and {2} octets.")]
    public int MaxTextLine { get; set; } = 64 * 1024;

    /// <summary>
    /// Largest header field, its continuation lines included (Postfix's header_size_limit is the
    /// same 102400). The MIME parser's cost grows with the square of one field's size (its buffer
    /// grows by 64 bytes per folded line: a 1 MB field took 5 s, 2 MB 21 s), so the bound holds for
    /// the message's header and for every header block that may follow a "--" line (a body part's).
    /// Larger: 552 5.3.4, session ended.
    /// </summary>
    [Range(1000, 16 * 1024 * 1024, ErrorMessage = "Smgw:Smtp:MaxHeaderField must be between {1} and {2} octets.")]
    public int MaxHeaderField { get; set; } = 100 * 1024;

    /// <summary>Most header fields of a message (its top-level header). More: 552 5.3.4, session ended.</summary>
    [Range(10, 100_000, ErrorMessage = "Smgw:Smtp:MaxHeaderFields must be between {1} and {2}.")]
    public int MaxHeaderFields { get; set; } = 1000;

    /// <summary>Most recipients in one message; more get 452 4.5.3 (the client sends the rest separately).</summary>

    [Range(1, 100_000, ErrorMessage = "Smgw:Smtp:MaxRecipients must be between {1} and {2}.")]
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>How long the server waits for the next command.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest a whole session may last (including DATA); the connection is closed after it.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>When the process stops: how long open sessions may go on (new connections are refused at once).</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Refused commands in a row before the session is closed.</summary>
    [Range(1, 1000, ErrorMessage = "Smgw:Smtp:MaxErrors must be between {1} and {2}.")]
    public int MaxErrors { get; set; } = 20;

    public TlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Internet listener, a header From in a tenant's domain (or under it): <c>Refuse</c> (default:
    /// 554 5.7.1 at the end of DATA) or <c>Mark</c> (accepted, stamped X-SMGW-Spoofed-From for every recipient).
    /// </summary>
    public SpoofedFromAction SpoofedHeaderFrom { get; set; } = SpoofedFromAction.Refuse;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, listener) in new[] { ("Inbound", Inbound), ("Submission", Submission) })
        {
            if (!HostPort.TryParse(listener.Listen, 25, out var endpoint) || !System.Net.IPAddress.TryParse(endpoint.Value.Host, out _))
            {
                yield return new ValidationResult(
                    $"Smgw:Smtp:{name}:Listen '{listener.Listen}' must be ip:port (e.g. 127.0.0.1:2525).", [name]);
            }
            if (listener.MaxConnections < 1)
            {
                yield return new ValidationResult($"Smgw:Smtp:{name}:MaxConnections must be at least 1.", [name]);
            }
            if (listener.MaxConnectionsPerClient < 1)
            {
                yield return new ValidationResult($"Smgw:Smtp:{name}:MaxConnectionsPerClient must be at least 1.", [name]);
            }
        }
        if (string.IsNullOrWhiteSpace(Hostname))
        {
            yield return new ValidationResult("Smgw:Smtp:Hostname must not be empty.", [nameof(Hostname)]);
        }
        if (ShutdownGrace < TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Smtp:ShutdownGrace must not be negative.", [nameof(ShutdownGrace)]);
        }
        if (CommandTimeout <= TimeSpan.Zero || SessionTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Smtp:CommandTimeout and Smgw:Smtp:SessionTimeout must be positive.", [nameof(CommandTimeout)]);
        }
        if (!string.IsNullOrEmpty(Tls.CertificatePath) && !File.Exists(Tls.CertificatePath))
        {
            yield return new ValidationResult($"Smgw:Smtp:Tls:CertificatePath '{Tls.CertificatePath}' does not exist.", ["Tls"]);
        }
        if (!string.IsNullOrEmpty(Tls.KeyPath) && !File.Exists(Tls.KeyPath))
        {
            yield return new ValidationResult($"Smgw:Smtp:Tls:KeyPath '{Tls.KeyPath}' does not exist.", ["Tls"]);
        }
        else if (Enabled && File.Exists(Tls.CertificatePath) && Smgw.SmtpFrontend.Tls.ServerCertificateProvider.Problem(Tls) is { } problem)
        {
            // Loaded now, with the settings: an unusable certificate stops the start before any listener is open.
            yield return new ValidationResult(problem, ["Tls"]);
        }
    }
}
