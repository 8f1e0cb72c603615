using System.ComponentModel.DataAnnotations;

namespace Smgw.SmtpFrontend;

/// <summary>Configuration section <c>Smgw:Frontend</c>.</summary>
public sealed class FrontendOptions : IValidatableObject
{
    public const string Section = "Smgw:Frontend";

    /// <summary>ip:port serving <c>/metrics</c> for Prometheus.</summary>
    public string MetricsListen { get; set; } = "127.0.0.1:9464";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Interfaces.Net.HostPort.TryParse(MetricsListen, 9464, out _))
        {
            yield return new ValidationResult($"Smgw:Frontend:MetricsListen '{MetricsListen}' is not host:port.", [nameof(MetricsListen)]);
        }
    }
}
