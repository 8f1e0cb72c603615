using System.ComponentModel.DataAnnotations;
using Smgw.Grains.Delivery;
using Smgw.Silo.Hosting;
using Smgw.SmtpFrontend;
using Smgw.Storage;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>
/// What the operator reads when a setting is wrong: the same DataAnnotations validation that
/// <c>ValidateDataAnnotations().ValidateOnStart()</c> runs, and a message naming the setting.
/// </summary>
public class OptionsValidationTests
{
    private static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage ?? "").ToList();
    }

    private static void AssertRefused(object options, string setting)
    {
        var errors = Errors(options);
        Assert.True(errors.Count > 0, $"{options.GetType().Name}: no validation error, expected one naming {setting}");
        Assert.Contains(errors, e => e.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Errors(new StorageOptions()));
        Assert.Empty(Errors(new QueueOptions()));
        Assert.Empty(Errors(new DeliveryOptions()));
        Assert.Empty(Errors(new SmtpOptions()));
        Assert.Empty(Errors(new SmgwClusterOptions()));
        Assert.Empty(Errors(new HttpOptions()));
    }

    [Fact]
    public void Storage_postgresql_without_connection_string_is_refused()
    {
        AssertRefused(new StorageOptions { Provider = StorageProvider.PostgreSql }, "Smgw:Storage:ConnectionString");
        AssertRefused(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = " " }, "Smgw:Storage:ConnectionString");
        Assert.Empty(Errors(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = "Host=db;Username=smgw" }));
    }

    [Theory]
    [InlineData("Data Source=/var/lib/smgw/smgw.db")]
    [InlineData("Data Source=/var/lib/smgw/smgw.db;Pooling=True")]
    public void Storage_sqlite_without_pooling_off_is_refused(string connectionString)
    {
        var errors = Errors(new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = connectionString });

        Assert.Contains(errors, e => e.Contains("Smgw:Storage:ConnectionString", StringComparison.Ordinal) && e.Contains("Pooling=False", StringComparison.Ordinal));
        Assert.Empty(Errors(new StorageOptions { ConnectionString = "Data Source=/var/lib/smgw/smgw.db;pooling=false" }));
    }

    [Fact]
    public void Queue_bad_values_are_refused()
    {
        AssertRefused(new QueueOptions { ResumeAfter = TimeSpan.Zero }, "Smgw:Queue:ResumeAfter");
        AssertRefused(new QueueOptions { ScanInterval = TimeSpan.FromSeconds(-1) }, "Smgw:Queue:ScanInterval");
        AssertRefused(new QueueOptions { ScanBatch = 0 }, "Smgw:Queue:ScanBatch");
        AssertRefused(new QueueOptions { ScanBatch = 100_001 }, "Smgw:Queue:ScanBatch");
    }

    [Fact]
    public void Delivery_bad_values_are_refused()
    {
        AssertRefused(new DeliveryOptions { Hostname = " " }, "Smgw:Delivery:Hostname");
        AssertRefused(new DeliveryOptions { Smarthost = "relay.example:99999" }, "Smgw:Delivery:Smarthost");
        Assert.Empty(Errors(new DeliveryOptions { RetryDelays = [] })); // empty: the default schedule
        AssertRefused(new DeliveryOptions { RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.Zero] }, "Smgw:Delivery:RetryDelays");
        AssertRefused(new DeliveryOptions { QueueLifetime = TimeSpan.Zero }, "Smgw:Delivery:QueueLifetime");
        AssertRefused(new DeliveryOptions { Timeout = TimeSpan.FromSeconds(-5) }, "Smgw:Delivery:Timeout");
        Assert.Empty(Errors(new DeliveryOptions { Smarthost = "relay.example:2525" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mail.example:25")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    public void Smtp_listen_must_be_ip_and_port(string listen)
    {
        AssertRefused(new SmtpOptions { Inbound = new ListenerOptions { Listen = listen } }, "Smgw:Smtp:Inbound:Listen");
        AssertRefused(new SmtpOptions { Submission = new ListenerOptions { Listen = listen } }, "Smgw:Smtp:Submission:Listen");
    }

    [Fact]
    public void Smtp_ipv6_listen_is_accepted()
    {
        Assert.Empty(Errors(new SmtpOptions { Inbound = new ListenerOptions { Listen = "[::1]:2525" } }));
    }

    [Fact]
    public void Smtp_bad_values_are_refused()
    {
        AssertRefused(new SmtpOptions { Inbound = new ListenerOptions { Listen = "0.0.0.0:25", MaxConnections = 0 } }, "Smgw:Smtp:Inbound:MaxConnections");
        AssertRefused(new SmtpOptions { Hostname = "" }, "Smgw:Smtp:Hostname");
        AssertRefused(new SmtpOptions { CommandTimeout = TimeSpan.Zero }, "Smgw:Smtp:CommandTimeout");
        AssertRefused(new SmtpOptions { SessionTimeout = TimeSpan.FromSeconds(-1) }, "Smgw:Smtp:SessionTimeout");
        AssertRefused(new SmtpOptions { MaxMessageSize = 1023 }, "Smgw:Smtp:MaxMessageSize");
        AssertRefused(new SmtpOptions { MaxRecipients = 0 }, "Smgw:Smtp:MaxRecipients");
        AssertRefused(new SmtpOptions { MaxErrors = 0 }, "Smgw:Smtp:MaxErrors");
    }

    [Fact]
    public void Smtp_missing_certificate_files_are_refused()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"smgw-missing-{Guid.NewGuid():N}.pem");

        AssertRefused(new SmtpOptions { Tls = new TlsOptions { CertificatePath = missing } }, "Smgw:Smtp:Tls:CertificatePath");
        AssertRefused(new SmtpOptions { Tls = new TlsOptions { KeyPath = missing } }, "Smgw:Smtp:Tls:KeyPath");
    }

    [Fact]
    public void Cluster_bad_values_are_refused()
    {
        AssertRefused(new SmgwClusterOptions { AdvertisedIPAddress = "silo1.example" }, "Smgw:Cluster:AdvertisedIPAddress");
        AssertRefused(new SmgwClusterOptions { ClusterId = "" }, "Smgw:Cluster:ClusterId");
        AssertRefused(new SmgwClusterOptions { ServiceId = "" }, "Smgw:Cluster:ServiceId");
        AssertRefused(new SmgwClusterOptions { SiloPort = 0 }, "Smgw:Cluster:SiloPort");
        AssertRefused(new SmgwClusterOptions { GatewayPort = 65536 }, "Smgw:Cluster:GatewayPort");
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("ftp://127.0.0.1:8080")]
    [InlineData("not a url")]
    [InlineData("")]
    public void Http_listen_must_be_an_http_url(string listen)
    {
        AssertRefused(new HttpOptions { Listen = listen }, "Smgw:Http:Listen");
    }

    [Fact]
    public void Http_short_api_key_is_refused()
    {
        AssertRefused(new HttpOptions { ApiKey = "short-key" }, "Smgw:Http:ApiKey");
        Assert.Empty(Errors(new HttpOptions { ApiKey = "a-key-of-sixteen+" }));
        Assert.Empty(Errors(new HttpOptions { ApiKey = "" }));
    }
}
