using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smgw.Grains.Wkd;

/// <summary>
/// Web Key Directory client (<c>Smgw:Wkd</c>): looking up the OpenPGP key of an outbound recipient
/// the gateway has none for, when the policy would encrypt to a personal OpenPGP key.
/// </summary>
public sealed class WkdOptions : IValidatableObject
{
    public const string Section = "Smgw:Wkd";

    /// <summary>Look recipients' keys up by WKD over HTTPS (off by default: it makes outbound mail cause web requests).</summary>
    public bool Lookup { get; set; }

    /// <summary>Per request (DNS, connect, TLS, response).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long "no key found" is remembered per address before asking again.</summary>
    public TimeSpan NegativeCacheTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>HTTPS port of WKD servers (443; another only in test networks).</summary>
    public int Port { get; set; } = 443;

    /// <summary>
    /// PEM file of CA certificates that WKD servers' certificates must chain to, instead of the
    /// system's roots (test networks, or a closed administration network with its own CA).
    /// </summary>
    public string? TrustedCertificatesFile { get; set; }

    /// <summary>Connect to this address instead of resolving the WKD host names (test networks only); the TLS name stays the host name.</summary>
    public string? ConnectAddress { get; set; }

    /// <summary>Largest accepted response, bytes.</summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"Smgw:Wkd:Timeout must be between 0 and 1 minute (is {Timeout}).", [nameof(Timeout)]);
        }
        if (NegativeCacheTime < TimeSpan.Zero)
        {
            yield return new ValidationResult($"Smgw:Wkd:NegativeCacheTime must not be negative (is {NegativeCacheTime}).", [nameof(NegativeCacheTime)]);
        }
        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Smgw:Wkd:Port must be 1-65535 (is {Port}).", [nameof(Port)]);
        }
        if (MaxResponseBytes < 1024)
        {
            yield return new ValidationResult($"Smgw:Wkd:MaxResponseBytes must be at least 1024 (is {MaxResponseBytes}).", [nameof(MaxResponseBytes)]);
        }
        if (ConnectAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            yield return new ValidationResult($"Smgw:Wkd:ConnectAddress must be an IP address (is '{address}').", [nameof(ConnectAddress)]);
        }
        if (TrustedCertificatesFile is { Length: > 0 } file)
        {
            string? problem = null;
            try
            {
                var certificates = new X509Certificate2Collection();
                certificates.ImportFromPemFile(file);
                if (certificates.Count == 0)
                {
                    problem = "holds no PEM certificate";
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                problem = e.Message;
            }
            if (problem is not null)
            {
                yield return new ValidationResult($"Smgw:Wkd:TrustedCertificatesFile '{file}': {problem}.", [nameof(TrustedCertificatesFile)]);
            }
        }
    }
}
