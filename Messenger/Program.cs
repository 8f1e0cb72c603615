using Smgw.Messenger.Hosting;

// The standalone Messenger: the recipients' secure web mailbox as an Orleans client of the
// silos, so it can sit in a DMZ apart from the cluster and its database credentials for messages.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSmgwMessengerProcess();
await builder.Build().RunAsync();
