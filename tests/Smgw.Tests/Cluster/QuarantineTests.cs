using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Cluster;

/// <summary>
/// Issue F2 §1: a message whose workflow throws (an error of the gateway's own) is retried with
/// back-off and a count, then quarantined with its reason — never spinning, never dropped — and an
/// operator's release runs it again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class QuarantineTests(PostgresClusterFixture fixture)
{
    [Fact]
    public async Task A_message_whose_workflow_keeps_failing_is_quarantined_with_its_reason_and_a_release_delivers_it()
    {
        await fixture.EnsureSilosAsync(1);
        await using var sink = await SmtpSink.StartAsync();
        var domain = $"poison-{Guid.NewGuid():N}"[..20] + ".test";
        await fixture.AddTenantAsync($"t-{domain}", domain, sink.Endpoint);
        var token = Guid.NewGuid().ToString("N");
        FaultInjectingPolicyStage.Failing[token] = 0;

        var silo = fixture.ActiveSilos[0];
        var queueId = MessageIntake.NewQueueId();
        var body = Encoding.ASCII.GetBytes($"{FaultInjectingPolicyStage.Header}: {token}\r\nMessage-ID: <{queueId}@poison.test>\r\nSubject: poison\r\n\r\nhello\r\n");
        await PostgresClusterFixture.IntakeOf(silo).SubmitAsync(new MessageEnvelope
        {
            QueueId = queueId,
            Direction = MailDirection.Inbound,
            TenantId = $"t-{domain}",
            Sender = "someone@example.net",
            Recipients = [$"clerk@{domain}"],
            ReceivedUtc = DateTimeOffset.UtcNow,
            ClientAddress = "127.0.0.1",
            Size = body.Length,
        }, body);

        var grain = fixture.Grains.GetGrain<IMessageGrain>(queueId);
        var quarantined = await Eventually.WaitAsync(async () =>
        {
            var status = await grain.GetStatusAsync();
            return status.Recipients.Single() is { State: RecipientState.Quarantined } r ? r : null;
        }, TimeSpan.FromSeconds(60), "the recipient to be quarantined");

        Assert.Equal("4.3.0", quarantined.Status);
        Assert.Equal("quarantined after 5 failure(s) of the gateway: InvalidOperationException: injected fault " + token, quarantined.LastResponse);
        Assert.Equal(5, FaultInjectingPolicyStage.Failing[token]); // five tries with back-off, not one per scan forever
        var listed = await PostgresClusterFixture.StoreOf(silo).ListAsync(includeCompleted: false, limit: 10_000);
        Assert.True(Assert.Single(listed, e => e.QueueId == queueId).Quarantined);

        // Held: the scans (every second here) do not wake it again.
        var scans = PostgresClusterFixture.ScansOf(silo);
        await Eventually.WaitAsync(() => Task.FromResult(PostgresClusterFixture.ScansOf(silo) >= scans + 3), TimeSpan.FromSeconds(30), "three more queue scans");
        Assert.Equal(5, FaultInjectingPolicyStage.Failing[token]);
        Assert.Empty(sink.Messages());

        // The operator fixes the cause and releases it: delivered.
        FaultInjectingPolicyStage.Failing.TryRemove(token, out _);
        Assert.True(await grain.ReleaseAsync());
        var arrived = Assert.Single(await sink.WaitForAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Contains(queueId, arrived.Message);
        var done = await Eventually.WaitAsync(async () => await grain.GetStatusAsync() is { Completed: true } s ? s : null, TimeSpan.FromSeconds(30), "completion");
        Assert.Equal(RecipientState.Delivered, done.Recipients.Single().State);
        Assert.False(await grain.ReleaseAsync());
    }
}
