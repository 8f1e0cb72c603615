using Smgw.Storage;
using Smgw.Tests.Unit;
using Xunit;

namespace Smgw.Tests.Storage;

public class MessageStoreTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private static async Task<MessageStore> StoreAsync(StorageProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider, "store");
        await database.ApplySchemaAsync();
        return new MessageStore(database, new FixedTimeProvider(Now));
    }

    private static QueueEntry Entry(string id, DateTimeOffset? received = null, DateTimeOffset? next = null, long size = 10) =>
        new(id, received ?? Now, 1, "acme", "alice@acme.example", 2, size, false, next ?? Now);

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Body_reads_back_byte_for_byte(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        byte[] binary = [0x00, 0xFF, 0x0D, 0x0A, 0x2E, 0x0D, 0x0A, 0x00, 0x80, 0xFE, 0x27, 0x5C];
        var large = new byte[2 * 1024 * 1024];
        new Random(5347).NextBytes(large);
        large[0] = 0x00;
        large[^1] = 0xFF;

        await store.InsertAsync(Entry("BIN"), binary);
        await store.InsertAsync(Entry("LARGE", size: large.Length), large);
        await store.InsertAsync(Entry("EMPTY", size: 0), ReadOnlyMemory<byte>.Empty);

        Assert.Equal(binary, await store.ReadBodyAsync("BIN"));
        Assert.Equal(large, await store.ReadBodyAsync("LARGE"));
        Assert.Equal(Array.Empty<byte>(), await store.ReadBodyAsync("EMPTY"));
        Assert.Null(await store.ReadBodyAsync("UNKNOWN"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Second_insert_with_the_same_id_changes_nothing(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        await store.InsertAsync(Entry("SAME", next: Now.AddMinutes(1)), new byte[] { 1, 2, 3 });

        await store.InsertAsync(new QueueEntry("SAME", Now.AddDays(1), 0, "other", "x@other.example", 9, 99, false, Now), new byte[] { 9, 9 });

        Assert.Equal(new byte[] { 1, 2, 3 }, await store.ReadBodyAsync("SAME"));
        var row = Assert.Single(await store.ListAsync(includeCompleted: true, limit: 10));
        Assert.Equal(Entry("SAME", next: Now.AddMinutes(1)), row);
        Assert.Equal(1, await store.CountQueuedAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task List_returns_the_entry_as_inserted(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        var entry = new QueueEntry("LIST", Now.AddMilliseconds(123), 1, "acme", "", 3, 4567, false, Now.AddMinutes(2));

        await store.InsertAsync(entry, new byte[4567]);

        Assert.Equal(entry, Assert.Single(await store.ListAsync(includeCompleted: false, limit: 10)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Due_lists_what_is_due_earliest_first_up_to_the_limit(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        await store.InsertAsync(Entry("C", next: Now.AddMinutes(-1)), new byte[] { 3 });
        await store.InsertAsync(Entry("A", next: Now.AddMinutes(-30)), new byte[] { 1 });
        await store.InsertAsync(Entry("LATER", next: Now.AddMinutes(10)), new byte[] { 9 });
        await store.InsertAsync(Entry("B", next: Now.AddMinutes(-5)), new byte[] { 2 });

        Assert.Equal(["A", "B", "C"], await store.DueAsync(Now, limit: 10));
        Assert.Equal(["A", "B"], await store.DueAsync(Now, limit: 2));
        Assert.Equal(["A", "B", "C", "LATER"], await store.DueAsync(Now.AddMinutes(10), limit: 10));
        Assert.Empty(await store.DueAsync(Now.AddHours(-1), limit: 10));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Schedule_moves_the_next_attempt(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        await store.InsertAsync(Entry("A", next: Now.AddMinutes(-30)), new byte[] { 1 });
        await store.InsertAsync(Entry("B", next: Now.AddMinutes(-5)), new byte[] { 2 });

        await store.ScheduleAsync("A", Now.AddMinutes(20));
        await store.ScheduleAsync("B", Now.AddMinutes(-60));

        Assert.Equal(["B"], await store.DueAsync(Now, limit: 10));
        Assert.Equal(["B", "A"], await store.DueAsync(Now.AddMinutes(20), limit: 10));
        var a = (await store.ListAsync(includeCompleted: false, limit: 10)).Single(e => e.QueueId == "A");
        Assert.Equal(Now.AddMinutes(20), a.NextAttempt);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Complete_releases_the_body_and_leaves_the_queue(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        await store.InsertAsync(Entry("DONE", received: Now.AddMinutes(-2), next: Now.AddMinutes(-1)), new byte[] { 1, 2 });
        await store.InsertAsync(Entry("OPEN", received: Now.AddMinutes(-1), next: Now.AddMinutes(-1)), new byte[] { 3, 4 });
        Assert.Equal(2, await store.CountQueuedAsync());

        await store.CompleteAsync("DONE");

        Assert.Null(await store.ReadBodyAsync("DONE"));
        Assert.Equal(new byte[] { 3, 4 }, await store.ReadBodyAsync("OPEN"));
        Assert.Equal(["OPEN"], await store.DueAsync(Now, limit: 10));
        Assert.Equal(["OPEN"], (await store.ListAsync(includeCompleted: false, limit: 10)).Select(e => e.QueueId));
        var all = await store.ListAsync(includeCompleted: true, limit: 10);
        Assert.Equal(["DONE", "OPEN"], all.Select(e => e.QueueId));
        Assert.True(all[0].Completed);
        Assert.False(all[1].Completed);
        Assert.Equal(1, await store.CountQueuedAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Completed_message_is_not_rescheduled(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        await store.InsertAsync(Entry("DONE", next: Now.AddMinutes(5)), new byte[] { 1 });
        await store.CompleteAsync("DONE");

        await store.ScheduleAsync("DONE", Now.AddMinutes(-5));

        Assert.Empty(await store.DueAsync(Now, limit: 10));
        Assert.Equal(0, await store.CountQueuedAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Count_and_list_limit(StorageProvider provider)
    {
        var store = await StoreAsync(provider);
        Assert.Equal(0, await store.CountQueuedAsync());
        for (var i = 0; i < 5; i++)
        {
            await store.InsertAsync(Entry($"M{i}", received: Now.AddSeconds(i)), new byte[] { (byte)i });
        }

        Assert.Equal(5, await store.CountQueuedAsync());
        Assert.Equal(["M0", "M1", "M2"], (await store.ListAsync(includeCompleted: false, limit: 3)).Select(e => e.QueueId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Workflow_state_is_saved_loaded_and_completes_the_message(StorageProvider provider)
    {
        await using var store = await StoreAsync(provider);
        Assert.True(await store.InsertAsync(Entry("W", next: Now.AddMinutes(2)), new byte[] { 7 }, "{\"queueId\":\"W\"}"));
        Assert.False(await store.InsertAsync(Entry("W"), new byte[] { 8 }, "{}"));

        var fresh = await store.LoadAsync("W");
        Assert.Equal(new StoredMessage("W", "{\"queueId\":\"W\"}", null, false), fresh);

        await store.SaveWorkflowAsync("W", "{\"attempt\":1}", Now.AddMinutes(-1), completed: false);
        Assert.Equal(["W"], await store.DueAsync(Now, limit: 10));
        Assert.Equal("{\"attempt\":1}", (await store.LoadAsync("W"))!.WorkflowJson);

        await store.SaveWorkflowAsync("W", "{\"attempt\":2}", null, completed: true);
        var done = await store.LoadAsync("W");
        Assert.True(done!.Completed);
        Assert.Equal("{\"attempt\":2}", done.WorkflowJson);
        Assert.Null(await store.ReadBodyAsync("W"));
        Assert.Empty(await store.DueAsync(Now.AddDays(1), limit: 10));
        Assert.Null(await store.LoadAsync("NOPE"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Withdraw_takes_back_only_a_message_no_workflow_has_touched(StorageProvider provider)
    {
        await using var store = await StoreAsync(provider);
        await store.InsertAsync(Entry("UNTOUCHED"), new byte[] { 1 });
        await store.InsertAsync(Entry("STARTED"), new byte[] { 2 });
        await store.SaveWorkflowAsync("STARTED", "{}", Now.AddMinutes(1), completed: false);

        Assert.True(await store.WithdrawAsync("UNTOUCHED"));
        Assert.False(await store.WithdrawAsync("STARTED"));
        Assert.Null(await store.LoadAsync("UNTOUCHED"));
        Assert.NotNull(await store.LoadAsync("STARTED"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Concurrent_writes_share_commits_and_all_land(StorageProvider provider)
    {
        await using var store = await StoreAsync(provider);
        var ids = Enumerable.Range(0, 300).Select(i => $"C{i:000}").ToList();

        await Task.WhenAll(ids.Select(id => store.InsertAsync(Entry(id), new byte[] { 1, 2, 3 })));
        await Task.WhenAll(ids.Select(id => store.SaveWorkflowAsync(id, "{}", null, completed: true)));

        Assert.Equal(0, await store.CountQueuedAsync());
        Assert.Equal(300, (await store.ListAsync(includeCompleted: true, limit: 1000)).Count(e => e.Completed));
    }
}
