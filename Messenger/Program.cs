using Smgw.Interfaces.Settings;
using Smgw.Messenger.Hosting;

// The standalone Messenger: the recipients' secure web mailbox as an Orleans client of the
// silos, so it can sit in a DMZ apart from the cluster and its database credentials for messages.
// A setting that cannot be used ends the process with one line naming it and exit code 78.
return await StartupFailure.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddSmgwMessengerProcess();
    var host = builder.Build();
    StartupFailure.ValidateSettings(host.Services);
    await host.RunAsync();
});
