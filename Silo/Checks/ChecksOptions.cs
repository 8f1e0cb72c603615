using System.ComponentModel.DataAnnotations;

namespace Smgw.Silo.Checks;

/// <summary>Configuration section <c>Smgw:Checks</c>.</summary>
public sealed class ChecksOptions : IValidatableObject
{
    public const string Section = "Smgw:Checks";

    /// <summary>The gateway's outbound addresses (IPs or CIDR) that a tenant's SPF record may admit besides the tenant's relays.</summary>
    public string[] GatewayAddresses { get; set; } = [];

    /// <summary>CL-10: a mailbox without traffic (sent or received) for this long is passive and listed for deletion.</summary>
    public TimeSpan PassiveMailboxAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>CL-18: the public base URL under which this gateway's publications are reachable (e.g. https://smgw.example); empty: the check fails and says so.</summary>
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PassiveMailboxAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Checks:PassiveMailboxAfter must be positive.", [nameof(PassiveMailboxAfter)]);
        }
        if (!string.IsNullOrEmpty(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"Smgw:Checks:PublicBaseUrl must be an absolute http(s) URL, not '{PublicBaseUrl}'.", [nameof(PublicBaseUrl)]);
        }
    }
}
