using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Policy;
using Xunit;

namespace Smgw.Tests.Policy;

/// <summary>
/// Fields whose initializer is not the type's default (Routed = true, State = Missing, Version = 1)
/// must survive a round trip when they hold the type's default (false, Usable = 0, 0): a serializer
/// that skips default values would otherwise restore the initializer.
/// </summary>
public class PolicySerializationTests
{
    private static T RoundTrip<T>(T value)
    {
        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(MessageEnvelope).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        return serializer.Deserialize<T>(serializer.SerializeToArray(value))!;
    }

    [Fact]
    public void Non_default_initializers_survive_default_values()
    {
        Assert.False(RoundTrip(new Treatment { Routed = false }).Routed);
        Assert.Equal(KeyState.Usable, RoundTrip(new KeyStatus { State = KeyState.Usable }).State);
        Assert.Equal(0, RoundTrip(new PolicyDefinition { Version = 0 }).Version);
    }

    [Fact]
    public void Decisions_round_trip_through_json_for_the_api_and_the_message_store()
    {
        var decision = Smgw.Grains.Policy.Decisions.PolicyEngine.Decide(WorkedExample.Message, WorkedExample.Policies, WorkedExample.Keys);

        var json = System.Text.Json.JsonSerializer.Serialize(decision);
        var copy = System.Text.Json.JsonSerializer.Deserialize<PolicyDecision>(json);

        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(copy));
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(RoundTrip(decision)));
    }
}
