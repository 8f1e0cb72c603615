using Smgw.Interfaces.Settings;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Net;
using Smgw.Messenger.Web;

namespace Smgw.Messenger.Hosting;

/// <summary>
/// Builds the Messenger web application on its own listener: cookie sessions, antiforgery,
/// rate limiting, security headers (strict CSP), the pages. The grain factory comes from the
/// hosting process (the silo, or the standalone process's Orleans client).
/// </summary>
public static class MessengerWebApp
{
    public static WebApplication Build(IConfiguration configuration, IGrainFactory grains, ILoggerFactory loggers)
    {
        var options = configuration.GetSection(MessengerWebOptions.Section).Get<MessengerWebOptions>() ?? new MessengerWebOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(grains);
        builder.Services.AddOptions<MessengerWebOptions>().BindSettings(MessengerWebOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        if (!WebListen.TryParse(options.Listen, MessengerUrls.DefaultPort, !string.IsNullOrEmpty(options.CertificateFile), out var endpoint, out var error))
        {
            throw new Smgw.Interfaces.Settings.SettingsException([$"Smgw:Messenger:Listen '{options.Listen}' {error}."]);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxReplyBytes + 1024 * 1024;
            kestrel.Listen(endpoint.Value.Address, endpoint.Value.Port, listen =>
            {
                if (options.CertificateFile is { Length: > 0 } certificate)
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(certificate, options.KeyFile));
                }
            });
        });

        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("smgw-messenger");
        if (options.KeysDirectory is { Length: > 0 } keys)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
        var secure = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.AddAuthentication(MessengerEndpoints.Scheme).AddCookie(MessengerEndpoints.Scheme, cookie =>
        {
            cookie.Cookie.Name = "smgw-messenger";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/login";
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "smgw-messenger-csrf";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = secure;
            antiforgery.FormFieldName = "__csrf";
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxReplyBytes);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(MessengerEndpoints.GuessingPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                MessengerWebMetrics.Rejected.WithLabels("rate-limit").Inc();
                var lang = Html.Language(http);
                await Html.Page(http, Texts.Get(lang, "ratelimited"), Html.Error(Texts.Get(lang, "ratelimited")), StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(http);
            };
        });

        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.CacheControl = "no-store";
            if (options.SecureCookies)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            await next(http);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.MapMessenger();
        return app;
    }
}
