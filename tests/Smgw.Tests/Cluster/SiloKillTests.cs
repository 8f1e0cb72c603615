using System.Diagnostics;
using System.Text;
using Orleans.Runtime;
using Orleans.TestingHost;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Smgw.Tests.Cluster;

/// <summary>
/// Issue A: a silo of a PostgreSQL-backed cluster dies abruptly and every message the gateway
/// accepted is still delivered, by the surviving silo's queue manager.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloKillTests(PostgresClusterFixture fixture, ITestOutputHelper output)
{
    private const string Sender = "sender@example.net";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Queued_messages_of_a_killed_silo_are_delivered_exactly_once_when_the_server_comes_back()
    {
        await fixture.EnsureSilosAsync(2);
        var silos = fixture.ActiveSilos;
        var sinkPort = TestEnvironment.FreePort(); // the tenant's server is down: nothing listens here yet
        var domain = $"queued-{Guid.NewGuid():N}"[..20] + ".test";
        var tenant = (await fixture.AddTenantAsync($"t-{domain}", domain, $"127.0.0.1:{sinkPort}")).Id;

        // Accepted on both silos, as their SMTP listeners would.
        var messages = Enumerable.Range(0, 24).Select(i => TestMessage.Create(tenant, domain, "queued", i)).ToList();
        await Task.WhenAll(messages.Select((m, i) => m.SubmitAsync(PostgresClusterFixture.IntakeOf(silos[i % silos.Count]))));

        // Every message has been tried and deferred (connection refused), on both silos.
        await Eventually.WaitAsync(async () =>
        {
            var statuses = await StatusesAsync(messages);
            return statuses.All(s => !s.Completed && s.Recipients.All(r => r.State == RecipientState.Deferred && r.Attempts >= 1));
        }, Deadline, "every message to be deferred while the tenant's server is down");
        var hosts = await fixture.MessageHostsAsync(messages.Select(m => m.QueueId).ToList());
        var victim = silos.MaxBy(s => hosts.Values.Count(h => h.Equals(s.SiloAddress)))!;
        var survivor = silos.First(s => s != victim);
        var onVictim = hosts.Where(h => h.Value.Equals(victim.SiloAddress)).Select(h => h.Key).ToHashSet();
        output.WriteLine($"before the kill: {onVictim.Count} message grain(s) on {victim.SiloAddress}, " +
            $"{hosts.Values.Count(h => h.Equals(survivor.SiloAddress))} on {survivor.SiloAddress}");
        Assert.NotEmpty(onVictim);
        Assert.Contains(hosts.Values, h => h.Equals(survivor.SiloAddress));

        var clock = Stopwatch.StartNew();
        await fixture.Cluster.KillSiloAsync(victim);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: killed {victim.SiloAddress}");
        await Eventually.WaitAsync(async () => !(await fixture.ActiveHostsAsync()).Contains(victim.SiloAddress),
            Deadline, $"the membership to drop {victim.SiloAddress}");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: the membership no longer lists {victim.SiloAddress}");

        await using var sink = await SmtpSink.StartAsync(sinkPort);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: the tenant's server is up");

        var arrived = await WaitForArrivalsAsync(sink, messages);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: all {messages.Count} messages arrived");
        await WaitUntilDoneAsync(messages);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: every grain reports Completed and every smgw_messages row is done");

        // Exactly once: each Message-ID arrived once, nothing else arrived, with the envelope it was sent with.
        var received = sink.Messages();
        Assert.Equal(messages.Select(m => m.MessageId).Order(), received.Select(r => r.Header("Message-ID")).Order());
        Assert.All(received, r =>
        {
            Assert.Equal(Sender, r.MailFrom);
            var message = messages.Single(m => m.MessageId == r.Header("Message-ID"));
            Assert.Equal([message.Recipient], r.RcptTo);
            Assert.Contains(message.Marker, r.Message);
        });
        Assert.Equal(messages.Count, arrived.Count);
    }

    [Fact]
    public async Task Messages_in_flight_on_a_killed_silo_are_all_delivered()
    {
        await fixture.EnsureSilosAsync(2);
        var silos = fixture.ActiveSilos;
        // The server answers DATA after 1 s, so deliveries are in progress when the silo dies.
        await using var sink = await SmtpSink.StartAsync(dataDelaySeconds: 1);
        var domain = $"flight-{Guid.NewGuid():N}"[..20] + ".test";
        var tenant = (await fixture.AddTenantAsync($"t-{domain}", domain, sink.Endpoint)).Id;

        var first = Enumerable.Range(0, 20).Select(i => TestMessage.Create(tenant, domain, "flight", i)).ToList();
        await Task.WhenAll(first.Select((m, i) => m.SubmitAsync(PostgresClusterFixture.IntakeOf(silos[i % silos.Count]))));
        var hosts = await fixture.MessageHostsAsync(first.Select(m => m.QueueId).ToList());
        var victim = silos.MaxBy(s => hosts.Values.Count(h => h.Equals(s.SiloAddress)))!;
        var survivor = silos.First(s => s != victim);
        var onVictim = hosts.Where(h => h.Value.Equals(victim.SiloAddress)).Select(h => h.Key).ToHashSet();
        var deliveredBeforeKill = sink.Messages().Count;
        Assert.NotEmpty(onVictim);

        var clock = Stopwatch.StartNew();
        await fixture.Cluster.KillSiloAsync(victim);
        output.WriteLine($"killed {victim.SiloAddress} hosting {onVictim.Count} of {first.Count} messages; " +
            $"{deliveredBeforeKill} had arrived before the kill; the kill took {clock.Elapsed.TotalSeconds:0.0}s");

        // The victim's listeners are gone; the clients send the rest to the survivor, resending after any 4xx (new queue id).
        var second = new List<TestMessage>();
        var refused = 0;
        var resent = new HashSet<string>(StringComparer.Ordinal);
        var survivorIntake = PostgresClusterFixture.IntakeOf(survivor);
        for (var i = 20; i < 40; i++)
        {
            var message = TestMessage.Create(tenant, domain, "flight", i);
            while (true)
            {
                try
                {
                    await message.SubmitAsync(survivorIntake);
                    second.Add(message);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && clock.Elapsed < Deadline)
                {
                    refused++;
                    resent.Add(message.MessageId);
                    output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: submission of {message.MessageId} refused ({ex.GetType().Name}: {ex.Message}); resending");
                    message = message.Resend();
                }
            }
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: 20 more accepted by the survivor ({refused} refused submissions resent)");

        var accepted = first.Concat(second).ToList();
        await WaitForArrivalsAsync(sink, accepted);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: all {accepted.Count} accepted messages arrived");
        await WaitUntilDoneAsync(accepted);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: every grain reports Completed and every smgw_messages row is done");

        // At least once. A duplicate is only acceptable for a message the victim was delivering when it died
        // (the server had the message, the grain had not recorded it yet) or one resent after a refused
        // submission that had in fact been accepted; report each one.
        var received = sink.Messages().GroupBy(r => r.Header("Message-ID") ?? "").ToDictionary(g => g.Key, g => g.Count());
        Assert.All(accepted, m => Assert.True(received.ContainsKey(m.MessageId), $"{m.MessageId} ({m.QueueId}) never arrived"));
        var duplicates = received.Where(r => r.Value > 1).ToList();
        foreach (var (messageId, count) in duplicates)
        {
            var message = accepted.Single(m => m.MessageId == messageId);
            output.WriteLine($"duplicate: {messageId} ({message.QueueId}) arrived {count} times; on the victim: {onVictim.Contains(message.QueueId)}");
        }
        output.WriteLine($"{duplicates.Count} duplicate(s) among {accepted.Count} messages");
        Assert.All(duplicates, d =>
        {
            var message = accepted.Single(m => m.MessageId == d.Key);
            Assert.True(onVictim.Contains(message.QueueId) || resent.Contains(message.MessageId),
                $"{d.Key} ({message.QueueId}) arrived {d.Value} times but was neither on the killed silo nor resent");
        });
    }

    private async Task<List<MessageStatus>> StatusesAsync(IEnumerable<TestMessage> messages) =>
        (await Task.WhenAll(messages.Select(m => fixture.Grains.GetGrain<IMessageGrain>(m.QueueId).GetStatusAsync()))).ToList();

    private static Task<IReadOnlyList<SinkMessage>> WaitForArrivalsAsync(SmtpSink sink, IReadOnlyList<TestMessage> messages)
    {
        var expected = messages.Select(m => m.MessageId).ToHashSet();
        return Eventually.WaitAsync(() =>
        {
            var received = sink.Messages();
            var ids = received.Select(r => r.Header("Message-ID")).ToHashSet();
            return Task.FromResult(expected.IsSubsetOf(ids!) ? received : null);
        }, Deadline, $"{messages.Count} messages at the tenant's server")!;
    }

    private async Task WaitUntilDoneAsync(IReadOnlyList<TestMessage> messages)
    {
        var ids = messages.Select(m => m.QueueId).ToList();
        await Eventually.WaitAsync(async () =>
        {
            var statuses = await StatusesAsync(messages);
            return statuses.All(s => s.Completed && s.Recipients.All(r => r.State == RecipientState.Delivered));
        }, Deadline, "every message grain to report Completed with its recipient delivered");
        await Eventually.WaitAsync(async () =>
        {
            var states = await fixture.QueueStatesAsync(ids);
            return states.Count == ids.Count && states.Values.All(s => s == 1);
        }, Deadline, "every smgw_messages row to be done (state 1)");
    }

    /// <summary>One inbound message to a tenant address, identified by its Message-ID.</summary>
    private sealed record TestMessage(string QueueId, string Tenant, string Recipient, string MessageId, string Marker, byte[] Body)
    {
        public static TestMessage Create(string tenant, string domain, string prefix, int index)
        {
            var marker = $"{prefix}-{index}-{Guid.NewGuid():N}";
            var recipient = $"user{index}@{domain}";
            var messageId = $"<{marker}@{domain}>";
            var body = Encoding.ASCII.GetBytes(
                $"Message-ID: {messageId}\r\n" +
                $"From: <{Sender}>\r\n" +
                $"To: <{recipient}>\r\n" +
                $"Subject: cluster test {index}\r\n" +
                $"Date: {DateTimeOffset.UtcNow:R}\r\n" +
                "\r\n" +
                $"Body {marker}\r\n");
            return new TestMessage(MessageIntake.NewQueueId(), tenant, recipient, messageId, marker, body);
        }

        /// <summary>The same message sent again after a refusal: a new queue id, the same Message-ID.</summary>
        public TestMessage Resend() => this with { QueueId = MessageIntake.NewQueueId() };

        public Task SubmitAsync(MessageIntake intake) => intake.SubmitAsync(
            new MessageEnvelope
            {
                QueueId = QueueId,
                Direction = MailDirection.Inbound,
                TenantId = Tenant,
                Sender = Sender,
                Recipients = [Recipient],
                ReceivedUtc = DateTimeOffset.UtcNow,
                ClientAddress = "198.51.100.7",
                Size = Body.Length,
            },
            Body);
    }
}
