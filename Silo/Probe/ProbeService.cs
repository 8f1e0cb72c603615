using System.Diagnostics;
using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Net;
using Smgw.Interfaces.Sla;
using Smgw.SmtpFrontend;

namespace Smgw.Silo.Probe;

/// <summary>
/// The synthetic probe (issue D §1): every <see cref="ProbeOptions.Interval"/> it sends a message
/// through every configured frontend in both directions — the Internet-facing listener to the probe
/// tenant, and the tenant-facing listener from the probe tenant — so it travels the real intake,
/// queue, policy and delivery path to the probe's own receiver; it also checks Orleans membership
/// and the configured health URLs. Each round goes to <see cref="ISlaGrain.RecordProbeAsync"/>,
/// which opens, extends and closes the interruption.
/// </summary>
public sealed class ProbeService(
    IGrainFactory grains,
    IOptions<ProbeOptions> options,
    IOptions<SmtpOptions> smtp,
    Smgw.SmtpFrontend.Hosting.SmtpListenerState listeners,
    Smgw.Interfaces.Directory.TenantDirectory directory,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ProbeService> logger) : BackgroundService
{
    private const string AllTenants = "all";
    private readonly ProbeReceiver _receiver = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private OutageRecord? _openInterruption;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        logger.LogInformation("Synthetic probe: every {Interval}, deadline {Deadline}, probe mailbox on {Receiver}, tenant {Tenant}",
            settings.Interval, settings.Deadline, _receiver.Endpoint, settings.TenantId);
        await RegisterTenantAsync(settings, stoppingToken);
        await StartedAsync(settings, stoppingToken);

        using var timer = new PeriodicTimer(settings.Interval, time);
        do
        {
            try
            {
                await RoundAsync(settings, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "A probe round could not be recorded");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The probe mailbox is bound at start: a port in use stops the process, naming the setting.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _receiver.Start(options.Value.ReceiverListen, smtp.Value.Hostname);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _receiver.DisposeAsync();
        _http.Dispose();
    }

    /// <summary>The probe tenant, once at start (an operator may change it later, e.g. to test an outage).</summary>
    private async Task RegisterTenantAsync(ProbeOptions settings, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await grains.GetGrain<ITenantGrain>(settings.TenantId).ConfigureAsync(new TenantConfig
                {
                    Id = settings.TenantId,
                    Name = "SMGW synthetic probe",
                    Domains = [settings.Domain],
                    RelayAddresses = [settings.SourceAddress],
                    InternalServer = _receiver.Endpoint,
                });
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Registering the probe tenant {Tenant} failed; trying again", settings.TenantId);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    /// <summary>The first round waits for the host to have started and, when it probes its own listeners, for them to be bound.</summary>
    private async Task StartedAsync(ProbeOptions settings, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(cancellationToken);
        }
        // The frontends must know the probe tenant (its relay address) before the first round: this
        // process's directory copy now, remote frontends' copies within their refresh interval.
        await directory.RefreshAsync(cancellationToken);
        if (settings.Frontends.Count > 0)
        {
            await Task.Delay(Smgw.Interfaces.Directory.TenantDirectoryRefresher.Interval, time, cancellationToken);
        }
        if (settings.Frontends.Count == 0 && smtp.Value.Enabled)
        {
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100), time);
            var deadline = time.GetUtcNow() + settings.Deadline;
            while (!listeners.Ready && time.GetUtcNow() < deadline && await poll.WaitForNextTickAsync(cancellationToken))
            {
                // the listeners bind in the background; a listener that never binds fails the first round
            }
        }
    }

    private async Task RoundAsync(ProbeOptions settings, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var checks = new List<Task<string?>>();
        foreach (var frontend in Targets(settings))
        {
            if (frontend.Internet is { Length: > 0 } internet)
            {
                checks.Add(MailAsync(settings, frontend.Name, "inbound", internet, cancellationToken));
            }
            if (frontend.Tenant is { Length: > 0 } tenant)
            {
                checks.Add(MailAsync(settings, frontend.Name, "outbound", tenant, cancellationToken));
            }
        }
        checks.Add(MembershipAsync(settings));
        checks.AddRange(settings.HealthEndpoints.Select(url => HealthAsync(settings, url, cancellationToken)));
        var failures = (await Task.WhenAll(checks)).OfType<string>().ToList();

        var open = await grains.GetGrain<ISlaGrain>(ISlaGrain.DefaultKey).RecordProbeAsync(new ProbeObservation { At = started, Failures = failures });
        if ((open is null) != (_openInterruption is null))
        {
            Sla.SlaMetrics.RequestRefresh(); // an interruption opened or ended
        }
        _openInterruption = open;
        Sla.SlaMetrics.SetCurrentOutage(open is null ? 0 : (time.GetUtcNow() - open.Start).TotalSeconds);
        ProbeMetrics.LastRound.Set(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
        if (failures.Count > 0)
        {
            logger.LogWarning("Probe round failed: {Failures}", string.Join("; ", failures));
        }
    }

    private IEnumerable<ProbeFrontend> Targets(ProbeOptions settings) =>
        settings.Frontends.Count > 0
            ? settings.Frontends
            : smtp.Value.Enabled
                ? [new ProbeFrontend { Name = "local", Internet = smtp.Value.Inbound.Listen, Tenant = smtp.Value.Submission.Listen }]
                : [];

    /// <summary>One message through one listener; null when it reached the probe mailbox in time, else what failed.</summary>
    private async Task<string?> MailAsync(ProbeOptions settings, string target, string direction, string listener, CancellationToken cancellationToken)
    {
        ProbeMetrics.Attempts.WithLabels(AllTenants, direction).Inc();
        var token = Guid.NewGuid().ToString("N");
        var arrived = _receiver.Expect(token);
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Deadline);
        string? failure = null;
        try
        {
            await SendAsync(settings, direction, listener, token, deadline.Token);
            await arrived.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"frontend {target} {direction} ({listener}): not delivered within {settings.Deadline}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = $"frontend {target} {direction} ({listener}): {Describe(ex)}";
        }
        finally
        {
            _receiver.Forget(token);
        }
        ProbeMetrics.Success.WithLabels(target, direction).Set(failure is null ? 1 : 0);
        if (failure is null)
        {
            ProbeMetrics.Delivered.WithLabels(AllTenants, direction).Inc();
            ProbeMetrics.Latency.WithLabels(direction).Observe(watch.Elapsed.TotalSeconds);
        }
        return failure;
    }

    private async Task SendAsync(ProbeOptions settings, string direction, string listener, string token, CancellationToken cancellationToken)
    {
        var inbound = direction == "inbound";
        var message = new MimeMessage();
        // Inbound the probe is an outsider: its sender must not be under the probe tenant's domain (anti-spoofing refuses that).
        message.From.Add(MailboxAddress.Parse(inbound ? $"probe@sender-{settings.Domain}" : $"probe-out@{settings.Domain}"));
        message.To.Add(MailboxAddress.Parse(inbound ? $"probe-in@{settings.Domain}" : $"probe-back@{settings.Domain}"));
        message.Subject = $"SMGW probe {direction} {token}";
        message.MessageId = $"{token}@{settings.Domain}";
        message.Headers.Add(ProbeReceiver.TokenHeader, token);
        message.Body = new TextPart("plain") { Text = $"Synthetic probe of the SMGW SLA accounting ({direction}).\n" };

        var endpoint = HostPort.Parse(listener, 25, "Smgw:Probe:Frontends");
        using var client = new SmtpClient
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Parse(settings.SourceAddress), 0),
            Timeout = (int)Math.Min(int.MaxValue, settings.Deadline.TotalMilliseconds),
            // The probe checks availability, not the frontend's certificate (CL-6/7 is checked elsewhere).
            ServerCertificateValidationCallback = (_, _, _, _) => true,
            LocalDomain = "probe." + settings.Domain,
        };
        await client.ConnectAsync(endpoint.Host, endpoint.Port, inbound ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.StartTls, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    private async Task<string?> MembershipAsync(ProbeOptions settings)
    {
        string? failure = null;
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(settings.Deadline);
            if (hosts.Count < settings.MinActiveSilos)
            {
                failure = $"membership: {hosts.Count} active silo(s), at least {settings.MinActiveSilos} required";
            }
        }
        catch (Exception ex)
        {
            failure = $"membership: {Describe(ex)}";
        }
        ProbeMetrics.Success.WithLabels("orleans", "membership").Set(failure is null ? 1 : 0);
        return failure;
    }

    private async Task<string?> HealthAsync(ProbeOptions settings, string url, CancellationToken cancellationToken)
    {
        string? failure = null;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.Deadline);
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                failure = $"health {url}: {(int)response.StatusCode} {response.ReasonPhrase}";
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = $"health {url}: {Describe(ex)}";
        }
        ProbeMetrics.Success.WithLabels(url, "health").Set(failure is null ? 1 : 0);
        return failure;
    }

    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException smtp => $"{(int)smtp.StatusCode} {smtp.Message.Trim()}",
        System.Net.Sockets.SocketException socket => socket.SocketErrorCode.ToString(),
        TimeoutException => "timed out",
        TaskCanceledException => "timed out",
        _ => ex.Message,
    };
}
