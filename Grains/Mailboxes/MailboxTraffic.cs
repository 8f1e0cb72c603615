using System.Collections.Concurrent;

namespace Smgw.Grains.Mailboxes;

/// <summary>
/// Per silo, in memory: the last time each address sent or received a message. The message
/// workflow notes its envelope here (a dictionary write, no I/O); <see cref="MailboxTrafficFlusher"/>
/// hands the collected times to the tenants' mailbox grains every
/// <see cref="MailboxTrafficOptions.FlushInterval"/>, so the relay path gains no database write.
/// </summary>
public sealed class MailboxTraffic
{
    private ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.OrdinalIgnoreCase);

    public void Observe(string sender, IEnumerable<string> recipients, DateTimeOffset when)
    {
        var seen = _seen;
        if (sender.Length > 0)
        {
            Note(seen, sender, when);
        }
        foreach (var recipient in recipients)
        {
            Note(seen, recipient, when);
        }
    }

    /// <summary>Takes what was collected since the last call.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> TakeAll() => Interlocked.Exchange(ref _seen, new(StringComparer.OrdinalIgnoreCase));

    /// <summary>Puts back what could not be flushed (keeps the later time).</summary>
    public void Return(IReadOnlyDictionary<string, DateTimeOffset> batch)
    {
        foreach (var (address, when) in batch)
        {
            Note(_seen, address, when);
        }
    }

    private static void Note(ConcurrentDictionary<string, DateTimeOffset> seen, string address, DateTimeOffset when) =>
        seen.AddOrUpdate(address, when, (_, previous) => previous >= when ? previous : when);
}
