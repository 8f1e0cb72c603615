namespace Smgw.Messenger.Hosting;

/// <summary>Runs the Messenger web application inside a host (the silo or the standalone process).</summary>
public sealed class MessengerWebHost(IConfiguration configuration, IServiceProvider services, ILoggerFactory loggers, ILogger<MessengerWebHost> logger) : IHostedService
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _app = MessengerWebApp.Build(configuration, services.GetRequiredService<IGrainFactory>(), loggers);
        await _app.StartAsync(cancellationToken);
        logger.LogInformation("Messenger listening on {Urls}", string.Join(", ", _app.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
            await _app.DisposeAsync();
        }
    }
}
