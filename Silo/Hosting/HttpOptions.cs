using System.ComponentModel.DataAnnotations;

namespace Smgw.Silo.Hosting;

/// <summary>Configuration section <c>Smgw:Http</c>: the admin API, <c>/metrics</c> and <c>/health</c>.</summary>
public sealed class HttpOptions : IValidatableObject
{
    public const string Section = "Smgw:Http";

    /// <summary>URL to listen on.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// The bootstrap key: <c>Authorization: Bearer &lt;key&gt;</c> acts as service owner (who issues the
    /// other keys, <c>POST /api/keys</c>). When empty, loopback clients without a token act as
    /// service owner and everyone else needs an issued key.
    /// </summary>
    public string? ApiKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"Smgw:Http:Listen '{Listen}' must be a URL such as http://127.0.0.1:8080.", [nameof(Listen)]);
        }
        if (ApiKey is { Length: > 0 and < 16 })
        {
            yield return new ValidationResult("Smgw:Http:ApiKey must be at least 16 characters.", [nameof(ApiKey)]);
        }
    }
}
