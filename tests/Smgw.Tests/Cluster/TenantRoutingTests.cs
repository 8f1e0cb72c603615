using System.Text;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Cluster;

/// <summary>
/// A tenant's mail never leaves for the Internet because a silo's copy of the tenant directory is
/// a few seconds old: the domain's grain is asked when the copy does not know the domain.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantRoutingTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task Mail_for_a_tenant_added_a_moment_ago_goes_to_its_server_on_every_silo()
    {
        await fixture.EnsureSilosAsync(2);
        await using var sink = await SmtpSink.StartAsync();
        var domain = $"fresh-{Guid.NewGuid():N}"[..18] + ".test";

        // No waiting for the directories to refresh: submit at once, on both silos.
        await fixture.Grains.GetGrain<ITenantGrain>($"t-{domain}").ConfigureAsync(new TenantConfig { Domains = new List<string> { domain }, InternalServer = sink.Endpoint });
        var submitted = new List<string>();
        foreach (var (silo, i) in fixture.ActiveSilos.Select((s, i) => (s, i)))
        {
            var queueId = MessageIntake.NewQueueId();
            var body = Encoding.ASCII.GetBytes($"Message-ID: <{queueId}@fresh.test>\r\nSubject: fresh {i}\r\n\r\nhello\r\n");
            await PostgresClusterFixture.IntakeOf(silo).SubmitAsync(new MessageEnvelope
            {
                QueueId = queueId,
                Direction = MailDirection.Inbound,
                TenantId = $"t-{domain}",
                Sender = "someone@example.net",
                Recipients = new List<string> { $"clerk@{domain}" },
                ReceivedUtc = DateTimeOffset.UtcNow,
                ClientAddress = "127.0.0.1",
                Size = body.Length,
            }, body);
            submitted.Add(queueId);
        }

        var arrived = await sink.WaitForAsync(submitted.Count, TimeSpan.FromSeconds(45));
        foreach (var queueId in submitted)
        {
            Assert.Single(arrived, m => m.Message.Contains(queueId));
        }
    }

    [Fact]
    public async Task A_domain_cannot_belong_to_two_tenants()
    {
        var domain = $"owned-{Guid.NewGuid():N}"[..18] + ".test";
        await fixture.Grains.GetGrain<ITenantGrain>($"a-{domain}").ConfigureAsync(new TenantConfig { Domains = new List<string> { domain }, InternalServer = "127.0.0.1:9" });

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.Grains.GetGrain<ITenantGrain>($"b-{domain}").ConfigureAsync(new TenantConfig { Domains = new List<string> { domain }, InternalServer = "127.0.0.1:9" }));
        Assert.Contains($"already belongs to tenant 'a-{domain}'", refused.Message);
        Assert.Equal($"a-{domain}", await fixture.Grains.GetGrain<IDomainGrain>(domain).GetOwnerAsync());

        // Removing the first tenant frees the domain.
        await fixture.Grains.GetGrain<ITenantGrain>($"a-{domain}").RemoveAsync();
        await fixture.Grains.GetGrain<ITenantGrain>($"b-{domain}").ConfigureAsync(new TenantConfig { Domains = new List<string> { domain }, InternalServer = "127.0.0.1:9" });
        Assert.Equal($"b-{domain}", await fixture.Grains.GetGrain<IDomainGrain>(domain).GetOwnerAsync());
    }
}
