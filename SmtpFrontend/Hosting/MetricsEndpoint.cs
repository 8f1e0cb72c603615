using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using Smgw.Interfaces.Net;

namespace Smgw.SmtpFrontend.Hosting;

/// <summary>Serves <c>/metrics</c> from a standalone frontend (the silo serves it from its HTTP endpoint).</summary>
public sealed class MetricsEndpoint(IOptions<FrontendOptions> options) : IHostedService
{
    private MetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = HostPort.Parse(options.Value.MetricsListen, 9464, "Smgw:Frontend:MetricsListen");
        _server = new MetricServer(endpoint.Host, endpoint.Port);
        try
        {
            _server.Start();
        }
        catch (System.Net.HttpListenerException ex)
        {
            throw new InvalidOperationException($"Smgw:Frontend:MetricsListen {endpoint} cannot be bound: {ex.Message}", ex);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }
}
