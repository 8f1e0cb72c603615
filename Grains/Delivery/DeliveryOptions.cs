using System.ComponentModel.DataAnnotations;

namespace Smgw.Grains.Delivery;

/// <summary>Configuration section <c>Smgw:Delivery</c>.</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string Section = "Smgw:Delivery";

    /// <summary>Name used in EHLO, Received headers and DSNs. Default: the machine's host name.</summary>
    public string Hostname { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>host:port all outbound (Internet) mail goes to instead of MX lookup. Empty: MX lookup.</summary>
    public string? Smarthost { get; set; }

    /// <summary>DNS resolvers for MX lookups (ip or ip:port). Empty: the system's resolvers.</summary>
    public string[] DnsServers { get; set; } = [];

    /// <summary>The port of MX hosts (25; another value only for test networks).</summary>
    public int MxPort { get; set; } = 25;

    /// <summary>How long a message may stay queued before its deferred recipients bounce (RFC 5321 §4.5.4.1 suggests 4–5 days).</summary>
    public TimeSpan QueueLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The retry schedule when <see cref="RetryDelays"/> is empty.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4),
    ];

    /// <summary>
    /// Delays between attempts after a temporary failure; the last one repeats. Empty:
    /// <see cref="DefaultRetryDelays"/>. (Not an initializer: configuration binding appends to an
    /// array that already has elements, so a configured schedule would only be added after the default.)
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>How long a connection to a next hop stays open for the next message after a delivery (0: no reuse).</summary>
    public TimeSpan ConnectionReuseTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages sent over one connection before it is closed.</summary>
    [Range(1, 100_000, ErrorMessage = "Smgw:Delivery:MaxMessagesPerConnection must be between {1} and {2}.")]
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>TCP connect and per-command timeout towards a remote server.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Unexpected failures of a message's workflow in a row (an error of the gateway's own, not a
    /// refusal or a deferral of the next hop) after which its due recipients are quarantined.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Smgw:Delivery:MaxWorkflowFailures must be between {1} and {2}.")]
    public int MaxWorkflowFailures { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Hostname))
        {
            yield return new ValidationResult("Smgw:Delivery:Hostname must not be empty.", [nameof(Hostname)]);
        }
        if (!string.IsNullOrWhiteSpace(Smarthost) && !Interfaces.Net.HostPort.TryParse(Smarthost, 25, out _))
        {
            yield return new ValidationResult($"Smgw:Delivery:Smarthost '{Smarthost}' is not host:port.", [nameof(Smarthost)]);
        }
        if (RetryDelays.Any(d => d <= TimeSpan.Zero))
        {
            yield return new ValidationResult("Smgw:Delivery:RetryDelays must list positive delays only.", [nameof(RetryDelays)]);
        }
        foreach (var server in DnsServers.Where(d => !Interfaces.Net.HostPort.TryParse(d, 53, out var hp) || !System.Net.IPAddress.TryParse(hp.Value.Host, out _)))
        {
            yield return new ValidationResult($"Smgw:Delivery:DnsServers: '{server}' is not ip or ip:port.", [nameof(DnsServers)]);
        }
        if (MxPort is < 1 or > 65535)
        {
            yield return new ValidationResult("Smgw:Delivery:MxPort must be between 1 and 65535.", [nameof(MxPort)]);
        }
        if (QueueLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Delivery:QueueLifetime must be positive.", [nameof(QueueLifetime)]);
        }
        if (Timeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Delivery:Timeout must be positive.", [nameof(Timeout)]);
        }
    }

    public TimeSpan RetryDelay(int attempts)
    {
        IReadOnlyList<TimeSpan> delays = RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;
        return delays[Math.Clamp(attempts - 1, 0, delays.Count - 1)];
    }
}
