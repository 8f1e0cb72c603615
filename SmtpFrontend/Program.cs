using Microsoft.Extensions.Hosting;
using Smgw.SmtpFrontend.Hosting;

// A standalone SMTP frontend: an Orleans client of the silos, with the same listeners the
// all-in-one silo hosts. Scale by running more of them.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSmgwFrontendProcess();
builder.AddSmtpFrontend();
await builder.Build().RunAsync();
