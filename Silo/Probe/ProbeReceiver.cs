using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.Protocol;
using Smgw.Interfaces.Net;

namespace Smgw.Silo.Probe;

/// <summary>
/// The probe mailbox: a small SMTP server, registered as the probe tenant's internal mail server,
/// that accepts everything and completes the waiting probe whose token is in the
/// <see cref="TokenHeader"/> header. Late or unknown deliveries are accepted and forgotten.
/// </summary>
public sealed class ProbeReceiver : SmtpServer.Storage.MessageStore, IAsyncDisposable
{
    // Not X-SMGW-*: inbound, the gateway strips headers named like its own stamps.
    public const string TokenHeader = "X-Probe-Token";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    /// <summary>host:port the receiver listens on (known after <see cref="Start"/>).</summary>
    public string Endpoint { get; private set; } = "";

    public void Start(string listen, string serverName)
    {
        var configured = IPEndPoint.Parse(listen);
        var address = configured.Address;
        var port = configured.Port == 0 ? FreePort(address) : configured.Port;
        try
        {
            // SmtpServer binds in the background; a port taken by someone else should stop the process naming the setting.
            using var check = new TcpListener(address, port);
            check.Start();
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"Smgw:Probe:ReceiverListen {address}:{port} cannot be bound: {ex.Message}", ex);
        }
        var options = new SmtpServerOptionsBuilder()
            .ServerName(serverName)
            .Endpoint(builder => builder.Endpoint(new IPEndPoint(address, port)))
            .Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(this);
        var server = new SmtpServer.SmtpServer(options, provider);
        _running = server.StartAsync(_stop.Token);
        Endpoint = new HostPort(address.ToString(), port).ToString();
    }

    /// <summary>Registers a token; the task completes when a message carrying it arrives.</summary>
    public Task Expect(string token)
    {
        var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[token] = arrival;
        return arrival.Task;
    }

    public void Forget(string token) => _waiting.TryRemove(token, out _);

    public override Task<SmtpResponse> SaveAsync(
        SmtpServer.ISessionContext context, SmtpServer.IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (TokenOf(buffer) is { } token && _waiting.TryRemove(token, out var arrival))
        {
            arrival.TrySetResult();
        }
        return Task.FromResult(SmtpResponse.Ok);
    }

    /// <summary>The token in the header section (the first 64 KiB is plenty for a probe message).</summary>
    public static string? TokenOf(ReadOnlySequence<byte> buffer)
    {
        var head = buffer.Length > 65536 ? buffer.Slice(0, 65536) : buffer;
        var text = Encoding.Latin1.GetString(head.ToArray());
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                break;
            }
            if (trimmed.StartsWith(TokenHeader + ":", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed[(TokenHeader.Length + 1)..].Trim();
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }
        _stop.Dispose();
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
