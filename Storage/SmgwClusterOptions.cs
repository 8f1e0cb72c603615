using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Smgw.Storage;

/// <summary>Configuration section <c>Smgw:Cluster</c>.</summary>
public sealed class SmgwClusterOptions : IValidatableObject
{
    public const string Section = "Smgw:Cluster";

    [Required(ErrorMessage = "Smgw:Cluster:ClusterId must be set.")] public string ClusterId { get; set; } = "smgw";

    [Required(ErrorMessage = "Smgw:Cluster:ServiceId must be set.")] public string ServiceId { get; set; } = "smgw";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535, ErrorMessage = "Smgw:Cluster:SiloPort must be between {1} and {2}.")] public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (SMTP frontends) connect to.</summary>
    [Range(1, 65535, ErrorMessage = "Smgw:Cluster:GatewayPort must be between {1} and {2}.")] public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and the frontends reach this silo on (cluster mode).</summary>
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedIPAddress, out _))
        {
            yield return new ValidationResult($"Smgw:Cluster:AdvertisedIPAddress '{AdvertisedIPAddress}' is not an IP address.", [nameof(AdvertisedIPAddress)]);
        }
    }
}
