using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Net;
using Smgw.SmtpFrontend.Net;
using Smgw.SmtpFrontend.Protocol;
using Smgw.SmtpFrontend.Storage;
using Smgw.SmtpFrontend.Tls;
using Smgw.Storage;
using SmtpServer;
using SmtpServer.Protocol;

namespace Smgw.SmtpFrontend.Hosting;

/// <summary>Runs the two SMTP listeners: Internet-facing (inbound) and tenant-facing (submission from tenant relays).</summary>
public sealed class SmtpListenerService(
    IOptions<SmtpOptions> options,
    TenantDirectory directory,
    MessageIntake intake,
    IConfiguration configuration,
    TimeProvider time,
    SmtpListenerState state,
    Smgw.Storage.Secrets.SecretProtector secrets,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<SmtpListenerService>();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Returns once both listeners are bound, so a port that is taken fails the host's start (one
    /// line, exit code 78) instead of a gateway that runs without one of its listeners.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        await _listening.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ListenAsync(stoppingToken);
        }
        catch (Exception ex)
        {
            _listening.TrySetException(ex);
            throw;
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var certificate = ServerCertificateProvider.Load(settings.Tls, settings.Hostname, DataDirectory.Resolve(configuration), secrets, _logger);
        var servers = new[]
        {
            Create(ListenerKind.Internet, "Smgw:Smtp:Inbound:Listen", settings.Inbound, certificate, settings),
            Create(ListenerKind.Tenant, "Smgw:Smtp:Submission:Listen", settings.Submission, certificate, settings),
        };
        var guards = servers.Select(s => s.Guard).ToList();

        // Stopping: no new connections; open sessions may finish their transaction for
        // Smgw:Smtp:ShutdownGrace, then they are cut (nothing is acknowledged that was not committed).
        using var abort = new CancellationTokenSource();
        var bound = 0;
        foreach (var guard in guards)
        {
            guard.EndpointStarted += (_, _) =>
            {
                if (Interlocked.Increment(ref bound) == servers.Length)
                {
                    _listening.TrySetResult();
                }
            };
        }
        var serving = servers.Select(s => s.Server.StartAsync(abort.Token)).ToList();
        var running = Task.WhenAll(serving);
        var stopping = Task.Delay(Timeout.Infinite, stoppingToken);
        if (await Task.WhenAny([.. serving, stopping]) != stopping)
        {
            // A listener ended on its own (e.g. its port is taken): stop the other, let the host see it.
            foreach (var guard in guards)
            {
                guard.Close();
            }
            await abort.CancelAsync();
            await running;
            return;
        }
        foreach (var guard in guards)
        {
            guard.Close();
        }
        _logger.LogInformation("SMTP listeners closed; waiting up to {Grace} for {Count} open session(s)", settings.ShutdownGrace, guards.Sum(g => g.Active));
        var deadline = DateTime.UtcNow + settings.ShutdownGrace;
        using (var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            while (guards.Any(g => g.Active > 0) && DateTime.UtcNow < deadline && await poll.WaitForNextTickAsync(CancellationToken.None))
            {
            }
        }
        if (guards.Any(g => g.Active > 0))
        {
            _logger.LogWarning("Open SMTP sessions did not finish within {Grace}; closing them", settings.ShutdownGrace);
        }
        await abort.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private (SmtpServer.SmtpServer Server, GuardedEndpointListenerFactory Guard) Create(ListenerKind kind, string setting, ListenerOptions listener, X509Certificate2 certificate, SmtpOptions settings)
    {
        var endpoint = HostPort.Parse(listener.Listen, 25, setting);
        var label = kind.ToString().ToLowerInvariant();
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName(settings.Hostname)
            // The greeting names the host, not the SMTP library and its version (SmtpServer's default does).
            .CustomSmtpGreeting(_ => $"220 {settings.Hostname} ESMTP ready")
            .MaxMessageSize(0) // enforced by the gateway with 552 5.3.4, see GatewayCommandFactory
            .MaxRetryCount(int.MaxValue) // the gateway counts errors itself (ReplyPipeWriter): not the 452s it owes a client over the recipient limit
            .CommandWaitTimeout(settings.CommandTimeout)
            .Endpoint(builder => builder
                .Endpoint(new IPEndPoint(IPAddress.Parse(endpoint.Host), endpoint.Port))
                .IsSecure(false) // STARTTLS (RFC 3207), never implicit TLS
                .Certificate(certificate)
                .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .SessionTimeout(settings.SessionTimeout)
                .AllowUnsecureAuthentication(false))
            .Build();

        var listenerLogger = loggers.CreateLogger($"Smgw.SmtpFrontend.{kind}");
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new GatewayMailboxFilter(kind, directory, settings));
        provider.Add(new GatewayMessageStore(kind, intake, directory, settings, time, listenerLogger));
        provider.Add(new NoAuthentication());
        provider.Add(new GatewayCommandFactory(settings.MaxMessageSize));
        var listenerFactory = new GuardedEndpointListenerFactory(setting, listener.MaxConnections, listener.MaxConnectionsPerClient, AdmissionFor(kind),
            new SmtpLimits(settings.MaxCommandLine, settings.MaxTextLine, settings.MaxMessageSize, settings.MaxErrors, settings.MaxHeaderField, settings.MaxHeaderFields), listenerLogger);
        listenerFactory.EndpointStarted += (_, _) => state.MarkBound();
        provider.Add(listenerFactory);

        var server = new SmtpServer.SmtpServer(serverOptions, provider);
        server.SessionCreated += (_, e) =>
        {
            SmtpMetrics.Sessions.WithLabels(label).Inc();
            SmtpMetrics.ActiveSessions.WithLabels(label).Inc();
            var facts = SessionFacts.Of(e.Context);
            e.Context.CommandExecuting += (_, c) =>
            {
                if (c.Command is EhloCommand ehlo)
                {
                    facts.Helo = ehlo.DomainOrAddress;
                }
                else if (c.Command is HeloCommand helo)
                {
                    facts.Helo = helo.DomainOrAddress;
                }
            };
            e.Context.ResponseException += (_, r) =>
                SmtpMetrics.Replies.WithLabels(label, "command", ((int)r.Exception.Response.ReplyCode).ToString()).Inc();
        };
        server.SessionCompleted += (_, _) => SmtpMetrics.ActiveSessions.WithLabels(label).Dec();
        server.SessionCancelled += (_, _) => SmtpMetrics.ActiveSessions.WithLabels(label).Dec();
        server.SessionFaulted += (_, e) =>
        {
            SmtpMetrics.ActiveSessions.WithLabels(label).Dec();
            listenerLogger.LogDebug(e.Exception, "SMTP session faulted");
        };
        _logger.LogInformation("SMTP {Kind} listener on {Endpoint} (STARTTLS {Tls})", kind, endpoint, kind == ListenerKind.Tenant ? "required" : "offered");
        return (server, listenerFactory);
    }

    private Func<IPAddress, CancellationToken, ValueTask<SmtpResponse?>> AdmissionFor(ListenerKind kind) =>
        kind == ListenerKind.Internet
            ? (_, _) => ValueTask.FromResult<SmtpResponse?>(null)
            : async (address, ct) => await directory.FindByRelayAsync(address, ct) is null ? Replies.NotARelay(address.ToString()) : null;
}
