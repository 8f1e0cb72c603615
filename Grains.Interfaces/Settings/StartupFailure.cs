using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Smgw.Interfaces.Settings;

/// <summary>
/// How a host ends when its settings cannot be used: one line per problem on standard error, naming
/// the setting and the expected form, and exit code <see cref="ExitCode"/> (EX_CONFIG) — not an
/// unhandled exception (SIGABRT, a stack trace).
/// </summary>
public static partial class StartupFailure
{
    /// <summary>sysexits.h EX_CONFIG: a configuration error.</summary>
    public const int ExitCode = 78;

    /// <summary>Runs the host; a settings failure at start is reported and becomes <see cref="ExitCode"/>.</summary>
    public static async Task<int> RunAsync(Func<Task> run, TextWriter? error = null)
    {
        try
        {
            await run().ConfigureAwait(false);
            return 0;
        }
        // Distinct: a setting read by two option classes (both sides of Smgw:Messenger) is reported once.
        catch (Exception ex) when (Describe(ex).Distinct().ToList() is { Count: > 0 } problems)
        {
            error ??= Console.Error;
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("smgw: configuration error: " + problem).ConfigureAwait(false);
            }
            await error.FlushAsync().ConfigureAwait(false);
            return ExitCode;
        }
    }

    /// <summary>
    /// Runs every start-time validation of options (ValidateOnStart) now, after the host is built and
    /// before it starts: a failure is reported by <see cref="RunAsync"/> alone, before the host logs
    /// "Hosting failed to start" with a stack trace.
    /// </summary>
    public static void ValidateSettings(IServiceProvider services) =>
        services.GetService<IStartupValidator>()?.Validate();

    /// <summary>The settings problems <paramref name="exception"/> stands for; empty when it is not a settings failure.</summary>
    public static IReadOnlyList<string> Describe(Exception exception)
    {
        switch (exception)
        {
            case SettingsException settings:
                return settings.Problems;
            case OptionsValidationException validation:
                return validation.Failures.Select(Unwrap).ToList();
            case AggregateException aggregate:
                var all = aggregate.InnerExceptions.Select(Describe).ToList();
                return all.All(p => p.Count > 0) ? all.SelectMany(p => p).ToList() : [];
            case TargetInvocationException { InnerException: { } inner }:
                return Describe(inner);
            case InvalidOperationException when BinderFailure().Match(exception.Message) is { Success: true } match:
                return [$"{match.Groups["path"].Value}: '{match.Groups["value"].Value}' is not {Expected(match.Groups["type"].Value)}"];
            case IOException { InnerException: { } inner } when AddressInUse(inner):
                // Kestrel: "Failed to bind to address http://127.0.0.1:8080: address already in use."
                return [exception.Message];
            default:
                return exception.InnerException is { } nested && exception is InvalidOperationException ? Describe(nested) : [];
        }
    }

    private static bool AddressInUse(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse or System.Net.Sockets.SocketError.AddressNotAvailable or System.Net.Sockets.SocketError.AccessDenied })
            {
                return true;
            }
        }
        return false;
    }

    private static string Expected(string typeName) =>
        (Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null)) is { } type
            ? SettingsShape.Expected(type)
            : "a " + typeName;

    /// <summary>DataAnnotations wraps the message: "DataAnnotation validation failed for 'X' members: 'Y' with the error: 'Z'."</summary>
    private static string Unwrap(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } match ? match.Groups["error"].Value : failure;

    [GeneratedRegex(@"with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex BinderFailure();
}
