using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Smgw.Storage.Logging;

public static class LoggingBuilderExtensions
{
    /// <summary>
    /// Replaces the framework's console logger with <see cref="LineLoggerProvider"/> (same alias
    /// "Console", same filters); the other providers (EventSource for dotnet-trace, Debug) stay.
    /// </summary>
    public static ILoggingBuilder AddSmgwConsole(this ILoggingBuilder logging)
    {
        var console = logging.Services
            .Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType?.FullName == "Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider")
            .ToList();
        foreach (var descriptor in console)
        {
            logging.Services.Remove(descriptor);
        }
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, LineLoggerProvider>(_ => new LineLoggerProvider()));
        return logging;
    }
}
