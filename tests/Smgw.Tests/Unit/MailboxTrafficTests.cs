using Smgw.Grains.Mailboxes;
using Smgw.Interfaces.Mailboxes;
using Smgw.Silo.Checks;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>CL-10's pieces without a process: the silo's in-memory traffic and the passive-mailbox rule.</summary>
public sealed class MailboxTrafficTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Traffic_keeps_the_latest_time_per_address_case_insensitively_and_is_taken_once()
    {
        var traffic = new MailboxTraffic();
        traffic.Observe("Clerk@lds.example", ["a@outside.example"], T0.AddMinutes(5));
        traffic.Observe("", ["clerk@LDS.example", "b@outside.example"], T0);
        var batch = traffic.TakeAll();
        Assert.Equal(3, batch.Count);
        Assert.Equal(T0.AddMinutes(5), batch["clerk@lds.example"]);
        Assert.Empty(traffic.TakeAll());

        // A batch that could not be flushed comes back without overwriting newer traffic.
        traffic.Observe("clerk@lds.example", [], T0.AddMinutes(9));
        traffic.Return(batch);
        var again = traffic.TakeAll();
        Assert.Equal(T0.AddMinutes(9), again["clerk@lds.example"]);
        Assert.Equal(T0, again["b@outside.example"]);
    }

    [Fact]
    public void A_mailbox_is_passive_when_its_last_traffic_or_else_its_registration_is_older_than_the_limit()
    {
        var mailboxes = new[]
        {
            new MailboxActivity { Address = "never@lds.example", RegisteredUtc = T0 },
            new MailboxActivity { Address = "old@lds.example", RegisteredUtc = T0, LastTrafficUtc = T0.AddDays(5) },
            new MailboxActivity { Address = "recent@lds.example", RegisteredUtc = T0, LastTrafficUtc = T0.AddDays(80) },
            new MailboxActivity { Address = "new@lds.example", RegisteredUtc = T0.AddDays(60) },
        };
        var passive = PassiveMailboxCheck.Passive(mailboxes, T0.AddDays(95), TimeSpan.FromDays(90));
        Assert.Equal(["never@lds.example", "old@lds.example"], passive.Select(m => m.Address));
        Assert.Equal("90 days", PassiveMailboxCheck.Describe(TimeSpan.FromDays(90)));
    }
}
