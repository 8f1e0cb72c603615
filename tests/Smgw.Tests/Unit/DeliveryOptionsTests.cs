using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smgw.Grains.Delivery;
using Xunit;

namespace Smgw.Tests.Unit;

public class DeliveryOptionsTests
{
    [Fact]
    public void A_configured_retry_schedule_replaces_the_default()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Smgw:Delivery:RetryDelays:0"] = "00:00:01",
            ["Smgw:Delivery:RetryDelays:1"] = "00:00:30",
        });

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)], options.RetryDelays);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay(9)); // the last one repeats
    }

    [Fact]
    public void Without_a_configured_schedule_the_default_applies()
    {
        var options = Bind([]);

        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryDelay(1));
        Assert.Equal(TimeSpan.FromHours(4), options.RetryDelay(100));
    }

    private static DeliveryOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<DeliveryOptions>>().Value;
    }
}
