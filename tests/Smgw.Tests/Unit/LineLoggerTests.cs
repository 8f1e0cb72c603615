using System.Text;
using Microsoft.Extensions.Logging;
using Smgw.Storage.Logging;
using Xunit;

namespace Smgw.Tests.Unit;

/// <summary>The console log the gateway writes (<see cref="LineLoggerProvider"/>): what an operator greps for.</summary>
public sealed class LineLoggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 20, 9, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Each_entry_is_one_line_with_time_level_category_scope_and_message_and_an_exception_follows_indented()
    {
        var output = new MemoryStream();
        using (var provider = new LineLoggerProvider(output, new FixedTimeProvider(Now)))
        {
            var logger = provider.CreateLogger("Smgw.Grains.Messages.MessageGrain");
            using (logger.BeginScope(new Dictionary<string, object> { ["QueueId"] = "Q1" }))
            {
                logger.LogInformation(new EventId(7), "delivered to <{Recipient}>\nby relay", "a@b.example");
            }
            logger.LogError(new InvalidOperationException("broken"), "failed");
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');

        Assert.Equal("2026-11-26T20:09:00.123Z info: Smgw.Grains.Messages.MessageGrain[7] => QueueId=Q1 delivered to <a@b.example> by relay", lines[0]);
        Assert.Equal("2026-11-26T20:09:00.123Z fail: Smgw.Grains.Messages.MessageGrain[0] failed", lines[1]);
        Assert.Equal("    System.InvalidOperationException: broken", lines[2]);
        Assert.Equal("", lines[^1]);
    }

    [Fact]
    public void When_the_writer_cannot_keep_up_information_is_dropped_and_counted_but_warnings_are_kept()
    {
        var output = new GatedStream();
        using (var provider = new LineLoggerProvider(output, new FixedTimeProvider(Now)))
        {
            var logger = provider.CreateLogger("load");
            logger.LogInformation("first"); // the writer takes it and blocks in Write
            Assert.True(output.Writing.Wait(TimeSpan.FromSeconds(30)));
            for (var i = 0; i < LineLoggerProvider.MaxPending + 50; i++)
            {
                logger.LogInformation("line {Number}", i);
            }
            logger.LogWarning("still here");
            output.Open.Set();
        }

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains($"line {LineLoggerProvider.MaxPending - 1}\n", text);
        Assert.DoesNotContain($"line {LineLoggerProvider.MaxPending}\n", text);
        Assert.Contains("warn: load[0] still here", text);
        Assert.Contains("50 log lines below Warning were dropped", text);
    }

    [Fact]
    public void When_standard_output_is_gone_logging_goes_on_without_queueing()
    {
        var output = new ClosedStream();
        var provider = new LineLoggerProvider(output, new FixedTimeProvider(Now));
        var logger = provider.CreateLogger("load");
        logger.LogWarning("first");
        Assert.True(output.Tried.Wait(TimeSpan.FromSeconds(30)));

        for (var i = 0; i < 1000; i++)
        {
            logger.LogError("after {Number}", i); // neither throws nor waits
        }
        provider.Dispose();

        Assert.Equal(1, output.Writes); // the writer gave up after the broken pipe; nothing else was tried
    }

    /// <summary>A pipe whose reader went away.</summary>
    private sealed class ClosedStream : MemoryStream
    {
        public ManualResetEventSlim Tried { get; } = new();

        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            Tried.Set();
            throw new IOException("Broken pipe");
        }
    }

    /// <summary>A stream whose first write waits until the test opens it.</summary>
    private sealed class GatedStream : MemoryStream
    {
        public ManualResetEventSlim Writing { get; } = new();

        public ManualResetEventSlim Open { get; } = new();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writing.Set();
            Open.Wait();
            base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
