using Smgw.Interfaces.Settings;
using Smgw.Silo.Notices;
using Smgw.Silo.TenantData;

namespace Smgw.Silo.Hosting;

public static class TenantDataHostingExtensions
{
    /// <summary>Checklist data (contacts, documents, tables), offboarding's export-then-delete, and the gateway's mails to contacts (reminders, maintenance notices).</summary>
    public static WebApplicationBuilder AddSmgwTenantData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentOptions>().BindSettings(DocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<NoticeOptions>().BindSettings(NoticeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TenantDataReader>();
        builder.Services.AddSingleton<TenantOffboarding>();
        builder.Services.AddSingleton<NoticeSender>();
        builder.Services.AddSingleton<MaintenanceNotices>();
        builder.Services.AddHostedService<ReminderMailer>();
        return builder;
    }
}
