using System.ComponentModel.DataAnnotations;
using Smgw.Grains.Mailboxes;
using Smgw.Silo.Checks;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>The onboarding checks' settings: valid defaults, and a wrong value refused with a message naming the setting.</summary>
public sealed class ChecksOptionsValidationTests
{
    private static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        if (options is IValidatableObject validatable)
        {
            results.AddRange(validatable.Validate(new ValidationContext(options)));
        }
        return results.Select(r => r.ErrorMessage ?? "").Distinct().ToList();
    }

    [Fact]
    public void Defaults_are_valid_and_wrong_values_name_their_setting()
    {
        Assert.Empty(Errors(new ChecksOptions()));
        Assert.Empty(Errors(new ChecksOptions { PublicBaseUrl = "https://smgw.example/" }));
        Assert.Empty(Errors(new MailboxTrafficOptions()));

        Assert.Contains("Smgw:Checks:PassiveMailboxAfter must be positive.", Errors(new ChecksOptions { PassiveMailboxAfter = TimeSpan.Zero }));
        Assert.Contains("Smgw:Checks:PublicBaseUrl must be an absolute http(s) URL, not 'smgw.example'.", Errors(new ChecksOptions { PublicBaseUrl = "smgw.example" }));
        Assert.Contains("Smgw:Checks:PublicBaseUrl must be an absolute http(s) URL, not 'ftp://smgw.example'.", Errors(new ChecksOptions { PublicBaseUrl = "ftp://smgw.example" }));
        Assert.Contains("Smgw:Mailboxes:FlushInterval must be positive.", Errors(new MailboxTrafficOptions { FlushInterval = TimeSpan.FromSeconds(-1) }));
    }
}
