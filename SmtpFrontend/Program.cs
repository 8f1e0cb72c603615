using Microsoft.Extensions.Hosting;
using Smgw.Interfaces.Settings;
using Smgw.SmtpFrontend.Hosting;

// A standalone SMTP frontend: an Orleans client of the silos, with the same listeners the
// all-in-one silo hosts. Scale by running more of them. A setting that cannot be used ends the
// process with one line naming it and exit code 78.
return await StartupFailure.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddSmgwFrontendProcess();
    builder.AddSmtpFrontend();
    var host = builder.Build();
    StartupFailure.ValidateSettings(host.Services);
    await host.RunAsync();
});
