using System.ComponentModel.DataAnnotations;
using System.Net;
using Smgw.Interfaces.Net;

namespace Smgw.Silo.Probe;

/// <summary>
/// Configuration section <c>Smgw:Probe</c>: the synthetic probe (issue D §1). Off by default: it
/// registers a probe tenant and sends real mail, which an operator should decide to want. Enable it
/// on one silo of a cluster (each enabled silo would probe and record on its own).
/// </summary>
public sealed class ProbeOptions : IValidatableObject
{
    public const string Section = "Smgw:Probe";

    public bool Enabled { get; set; }

    /// <summary>Time between the starts of two probe rounds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A probe message must reach the probe mailbox within this time (and SMTP, health and membership answer within it).</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The probe tenant, registered at start with <see cref="Domain"/>, relay <see cref="SourceAddress"/> and the receiver as its mail server.</summary>
    public string TenantId { get; set; } = "smgw-probe";

    public string Domain { get; set; } = "probe.smgw.invalid";

    /// <summary>
    /// ip:port of the probe's own SMTP receiver, registered as the probe tenant's internal server
    /// (port 0: any free port). In a cluster it must be reachable from every silo.
    /// </summary>
    public string ReceiverListen { get; set; } = "127.0.0.1:0";

    /// <summary>The address the probe connects from: the probe tenant's only relay address. It must not be another tenant's relay.</summary>
    public string SourceAddress { get; set; } = "127.0.0.1";

    /// <summary>The SMTP frontends to probe; empty: this process's own listeners (<c>Smgw:Smtp:Inbound/Submission:Listen</c>), named "local".</summary>
    public List<ProbeFrontend> Frontends { get; set; } = [];

    /// <summary>URLs that must answer 2xx (e.g. every silo's <c>/health/ready</c>, every frontend's <c>/metrics</c>).</summary>
    public List<string> HealthEndpoints { get; set; } = [];

    /// <summary>Fewer active Orleans silos than this is a failure.</summary>
    [Range(0, 1000, ErrorMessage = "Smgw:Probe:MinActiveSilos must be between {1} and {2}.")]
    public int MinActiveSilos { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }
        if (Interval < TimeSpan.FromMilliseconds(100))
        {
            yield return new ValidationResult("Smgw:Probe:Interval must be at least 00:00:00.1.", [nameof(Interval)]);
        }
        if (Deadline <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Probe:Deadline must be positive.", [nameof(Deadline)]);
        }
        if (string.IsNullOrWhiteSpace(TenantId) || string.IsNullOrWhiteSpace(Domain) || !Domain.Contains('.'))
        {
            yield return new ValidationResult("Smgw:Probe:TenantId and Smgw:Probe:Domain must be set (the domain with a dot, e.g. probe.smgw.invalid).", [nameof(Domain)]);
        }
        if (!IPEndPoint.TryParse(ReceiverListen, out var receiver) || !ReceiverListen.Contains(':'))
        {
            yield return new ValidationResult($"Smgw:Probe:ReceiverListen '{ReceiverListen}' must be ip:port (port 0: any free port).", [nameof(ReceiverListen)]);
        }
        if (!IPAddress.TryParse(SourceAddress, out _))
        {
            yield return new ValidationResult($"Smgw:Probe:SourceAddress '{SourceAddress}' is not an IP address.", [nameof(SourceAddress)]);
        }
        for (var i = 0; i < Frontends.Count; i++)
        {
            var frontend = Frontends[i];
            if (string.IsNullOrWhiteSpace(frontend.Name))
            {
                yield return new ValidationResult($"Smgw:Probe:Frontends:{i}:Name must be set.", [nameof(Frontends)]);
            }
            foreach (var (setting, value) in new[] { ("Internet", frontend.Internet), ("Tenant", frontend.Tenant) })
            {
                if (!string.IsNullOrEmpty(value) && !HostPort.TryParse(value, 25, out _))
                {
                    yield return new ValidationResult($"Smgw:Probe:Frontends:{i}:{setting} '{value}' must be host:port.", [nameof(Frontends)]);
                }
            }
            if (string.IsNullOrEmpty(frontend.Internet) && string.IsNullOrEmpty(frontend.Tenant))
            {
                yield return new ValidationResult($"Smgw:Probe:Frontends:{i} needs Internet or Tenant (host:port).", [nameof(Frontends)]);
            }
        }
        foreach (var url in HealthEndpoints.Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"Smgw:Probe:HealthEndpoints '{url}' must be an http(s) URL.", [nameof(HealthEndpoints)]);
        }
    }
}
