using Smgw.Interfaces.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smgw.Interfaces.Directory;

namespace Smgw.SmtpFrontend.Hosting;

public static class SmtpFrontendHostingExtensions
{
    /// <summary>
    /// Binds and validates <c>Smgw:Smtp</c>; when <c>Smgw:Smtp:Enabled</c> (default), runs the two
    /// listeners in this process. Needs an Orleans client or silo and the storage services.
    /// </summary>
    public static IHostApplicationBuilder AddSmtpFrontend(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>()
            .BindSettings(SmtpOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTenantDirectory();
        builder.Services.AddSingleton<SmtpListenerState>();
        if (builder.Configuration.GetValue(SmtpOptions.Section + ":Enabled", true))
        {
            builder.Services.AddHostedService<SmtpListenerService>();
        }
        return builder;
    }
}
