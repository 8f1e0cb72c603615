using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;

namespace Smgw.SmtpFrontend.Net;

/// <summary>
/// Admission at connect time: at most <c>maxConnections</c> sessions, and at most
/// <c>maxPerClient</c> of them from one client (an IPv4 address, an IPv6 /64) — 421 4.7.0 beyond
/// either — and an optional per-client check (the tenant-facing listener refuses addresses that are no tenant's
/// relay with 554 5.7.1 before the greeting).
/// </summary>
public sealed class GuardedEndpointListenerFactory(
    string settingName,
    int maxConnections,
    int maxPerClient,
    Func<IPAddress, CancellationToken, ValueTask<SmtpResponse?>> admit,
    SmtpLimits limits,
    ILogger logger) : EndpointListenerFactory
{
    private readonly SmtpLimits _limits = limits;
    private readonly string _settingName = settingName;
    private readonly int _maxConnections = maxConnections;
    private readonly Func<IPAddress, CancellationToken, ValueTask<SmtpResponse?>> _admit = admit;
    private readonly ILogger _logger = logger;
    private readonly int _maxPerClient = maxPerClient;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPAddress, int> _perClient = new();
    private readonly List<IEndpointListener> _listeners = [];
    private volatile bool _closed;
    private int _active;

    /// <summary>Sessions open now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>
    /// Stops accepting connections (the port closes) while open sessions go on. SmtpServer's own
    /// Shutdown() cancels the open sessions too, so the gateway closes its listeners itself.
    /// </summary>
    public void Close()
    {
        _closed = true;
        lock (_listeners)
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }
        }
    }

    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        try
        {
            var inner = base.CreateListener(endpointDefinition);
            lock (_listeners)
            {
                _listeners.Add(inner);
            }
            return new GuardedListener(inner, this);
        }
        catch (SocketException ex)
        {
            throw new Smgw.Interfaces.Settings.SettingsException([$"{_settingName} {endpointDefinition.Endpoint} cannot be bound: {ex.Message}"]);
        }
    }

    /// <summary>Gives back the session slot (total and per client) of a session that ended or was refused.</summary>
    private void Release(IPAddress client)
    {
        Interlocked.Decrement(ref _active);
        // Remove the entry at zero so that the table holds only clients with open sessions.
        while (_perClient.TryGetValue(client, out var count))
        {
            if (count <= 1 ? _perClient.TryRemove(new KeyValuePair<IPAddress, int>(client, count)) : _perClient.TryUpdate(client, count - 1, count))
            {
                return;
            }
        }
    }

    /// <summary>One client: an IPv4 address (also when mapped into IPv6), or an IPv6 /64 (one site's addresses).</summary>
    public static IPAddress ClientKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private sealed class GuardedListener(IEndpointListener inner, GuardedEndpointListenerFactory owner) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            while (true)
            {
                ISecurableDuplexPipe pipe;
                try
                {
                    pipe = owner._closed ? throw new ObjectDisposedException("listener") : await inner.GetPipeAsync(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (owner._closed)
                {
                    // Closed for shutdown: park the accept loop until the server is cancelled.
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    throw;
                }
                var remote = context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var value) && value is IPEndPoint ip
                    ? ip.Address
                    : IPAddress.None;

                var client = ClientKey(remote);
                SmtpResponse? refusal;
                // Both counts are taken for every connection and given back by Release, admitted or not.
                var total = Interlocked.Increment(ref owner._active);
                var fromClient = owner._perClient.AddOrUpdate(client, 1, (_, n) => n + 1);
                if (total > owner._maxConnections)
                {
                    refusal = Protocol.Replies.TooManyConnections;
                }
                else if (fromClient > owner._maxPerClient)
                {
                    refusal = Protocol.Replies.TooManyConnectionsFromClient;
                }
                else
                {
                    try
                    {
                        refusal = await owner._admit(remote, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        owner._logger.LogWarning(ex, "Admission check for {Client} failed", remote);
                        refusal = new SmtpResponse((SmtpReplyCode)421, "4.3.0 Service temporarily unavailable, try again later");
                    }
                }

                if (refusal is null)
                {
                    return new CountedPipe(pipe, () => owner.Release(client), owner._limits, reply =>
                    {
                        owner._logger.LogWarning("Session of {Client} ended: {Reply}", remote, reply);
                        SmtpMetrics.Replies.WithLabels(owner._settingName, "LINE", reply[..3]).Inc();
                    });
                }

                owner.Release(client);
                owner._logger.LogInformation("Refused connection from {Client}: {Code} {Reply}", remote, (int)refusal.ReplyCode, refusal.Message);
                SmtpMetrics.Replies.WithLabels(owner._settingName, "CONNECT", ((int)refusal.ReplyCode).ToString()).Inc();
                await RefuseAsync(pipe, refusal).ConfigureAwait(false);
                context.Properties.Remove(EndpointListener.LocalEndPointKey);
                context.Properties.Remove(EndpointListener.RemoteEndPointKey);
            }
        }

        public void Dispose() => inner.Dispose();

        private static async Task RefuseAsync(ISecurableDuplexPipe pipe, SmtpResponse refusal)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await pipe.Output.WriteAsync(Encoding.ASCII.GetBytes($"{(int)refusal.ReplyCode} {refusal.Message}\r\n"), timeout.Token).ConfigureAwait(false);
                await pipe.Output.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // the client is gone already
            }
            finally
            {
                pipe.Dispose();
            }
        }
    }
}
