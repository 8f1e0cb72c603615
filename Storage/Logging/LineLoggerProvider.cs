using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Smgw.Storage.Logging;

/// <summary>
/// The gateway's console log: one line per entry on standard output —
/// <c>2026-11-26T20:09:00.123Z info: Category[event] => Scope=value message</c>, exceptions on the
/// lines below — written by one background writer that takes every line waiting and writes them
/// with one system call. The framework's console logger hands every line to its writer thread
/// through a lock and a wake-up; at a few thousand lines a second (several per message) that cost
/// a fifth of the gateway's CPU (docs/PERFORMANCE.md). Filtering is the usual
/// <c>Logging:LogLevel</c> and <c>Logging:Console:LogLevel</c> configuration (alias "Console").
/// When more than <see cref="MaxPending"/> lines wait, lines below Warning are dropped and the count
/// of dropped lines is logged once the writer has caught up; warnings and errors are never dropped.
/// </summary>
[ProviderAlias("Console")]
public sealed class LineLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>Lines waiting beyond which Information and below are dropped.</summary>
    public const int MaxPending = 100_000;

    private const int MaxWriteBytes = 64 * 1024;

    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, LineLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly Task _writer;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private long _pending;
    private long _dropped;
    private volatile bool _broken;

    /// <summary>A provider writing to standard output.</summary>
    public LineLoggerProvider()
        : this(Console.OpenStandardOutput(), TimeProvider.System)
    {
    }

    /// <summary>A provider writing to <paramref name="output"/> (tests), stamping lines with <paramref name="time"/>.</summary>
    public LineLoggerProvider(Stream output, TimeProvider time)
    {
        _output = output;
        _time = time;
        _writer = Task.Run(WriteLoopAsync);
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new LineLogger(this, name));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Writes what is waiting, then stops the writer (at most five seconds).</summary>
    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private void Enqueue(LogLevel level, string line)
    {
        if (_broken)
        {
            return;
        }
        if (Interlocked.Increment(ref _pending) > MaxPending && level < LogLevel.Warning)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            return;
        }
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Decrement(ref _pending); // after Dispose
        }
    }

    private async Task WriteLoopAsync()
    {
        var text = new StringBuilder();
        var reader = _lines.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                text.Clear();
                var taken = 0;
                while (text.Length < MaxWriteBytes && reader.TryRead(out var line))
                {
                    text.Append(line);
                    taken++;
                }
                Interlocked.Add(ref _pending, -taken);
                var dropped = Interlocked.Exchange(ref _dropped, 0);
                if (dropped > 0)
                {
                    text.Append(Format(LogLevel.Warning, typeof(LineLoggerProvider).FullName!, default,
                        $"{dropped} log lines below Warning were dropped: more than {MaxPending} lines were waiting to be written", null, ""));
                }
                var bytes = Encoding.UTF8.GetBytes(text.ToString());
                await _output.WriteAsync(bytes).ConfigureAwait(false);
                await _output.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Standard output is gone (a closed pipe): nothing left to log to, and nothing more is queued.
            _broken = true;
        }
    }

    private string Format(LogLevel level, string category, EventId eventId, string message, Exception? exception, string scopes)
    {
        var line = new StringBuilder(64 + category.Length + message.Length + scopes.Length);
        line.Append(_time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(level switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            })
            .Append(": ").Append(category).Append('[').Append(eventId.Id).Append("] ")
            .Append(scopes);
        // One entry, one line (as the framework's single-line console format): a newline in the message would cut the entry in two.
        foreach (var c in message)
        {
            line.Append(c is '\r' or '\n' ? ' ' : c);
        }
        line.Append('\n');
        if (exception is not null)
        {
            foreach (var exceptionLine in exception.ToString().Split('\n'))
            {
                line.Append("    ").Append(exceptionLine.TrimEnd('\r')).Append('\n');
            }
        }
        return line.ToString();
    }

    private string Scopes()
    {
        var text = new StringBuilder();
        _scopes.ForEachScope(static (scope, text) =>
        {
            text.Append("=> ");
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                var first = true;
                foreach (var (key, value) in pairs)
                {
                    if (key == "{OriginalFormat}")
                    {
                        continue;
                    }
                    text.Append(first ? "" : ", ").Append(key).Append('=').Append(value);
                    first = false;
                }
            }
            else
            {
                text.Append(scope);
            }
            text.Append(' ');
        }, text);
        return text.ToString();
    }

    private sealed class LineLogger(LineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var message = formatter(state, exception);
            if (message.Length == 0 && exception is null)
            {
                return;
            }
            provider.Enqueue(logLevel, provider.Format(logLevel, category, eventId, message, exception, provider.Scopes()));
        }
    }
}
