using Smgw.Interfaces.Settings;
using Smgw.Messenger.Hosting;
using Smgw.Silo.Hosting;
using Smgw.SmtpFrontend.Hosting;

if (SchemaCommand.IsInvoked(args))
{
    return await SchemaCommand.RunAsync(args);
}

// A setting that cannot be used ends the process with one line naming it and exit code 78.
return await StartupFailure.RunAsync(async () =>
{
    // Settings files ship beside the binary; relative paths in settings (the data directory) stay relative to where it is started.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddSmgwSilo();
    builder.AddSmtpFrontend();
    builder.AddSmgwMessenger();

    var app = builder.Build();
    StartupFailure.ValidateSettings(app.Services);
    app.MapSmgwEndpoints();
    await app.RunAsync();
});
