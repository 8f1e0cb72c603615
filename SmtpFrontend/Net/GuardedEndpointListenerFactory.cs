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
/// Admission at connect time: at most <c>maxConnections</c> sessions (421 4.7.0 beyond), and an
/// optional per-client check (the tenant-facing listener refuses addresses that are no tenant's
/// relay with 554 5.7.1 before the greeting).
/// </summary>
public sealed class GuardedEndpointListenerFactory(
    string settingName,
    int maxConnections,
    Func<IPAddress, CancellationToken, ValueTask<SmtpResponse?>> admit,
    SmtpLimits limits,
    ILogger logger) : EndpointListenerFactory
{
    private readonly SmtpLimits _limits = limits;
    private readonly string _settingName = settingName;
    private readonly int _maxConnections = maxConnections;
    private readonly Func<IPAddress, CancellationToken, ValueTask<SmtpResponse?>> _admit = admit;
    private readonly ILogger _logger = logger;
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

                SmtpResponse? refusal;
                if (Interlocked.Increment(ref owner._active) > owner._maxConnections)
                {
                    refusal = Protocol.Replies.TooManyConnections;
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
                    return new CountedPipe(pipe, () => Interlocked.Decrement(ref owner._active), owner._limits, reply =>
                    {
                        owner._logger.LogWarning("Session of {Client} ended: {Reply}", remote, reply);
                        SmtpMetrics.Replies.WithLabels(owner._settingName, "LINE", reply[..3]).Inc();
                    });
                }

                Interlocked.Decrement(ref owner._active);
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
