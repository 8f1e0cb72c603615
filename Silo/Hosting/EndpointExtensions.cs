using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Prometheus;
using Smgw.Silo.Api;
using Smgw.Silo.Wkd;
using Smgw.Silo.Publication;

namespace Smgw.Silo.Hosting;

public static class EndpointExtensions
{
    /// <summary>The HTTP surface: <c>/api</c>, <c>/openapi/v1.json</c>, <c>/metrics</c>, <c>/health</c> (all), <c>/health/live</c>, <c>/health/ready</c>.</summary>
    public static WebApplication MapSmgwEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            var exception = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
            var (status, title, detail) = exception switch
            {
                BadHttpRequestException bad => (bad.StatusCode, "Bad request", Describe(bad)),
                ArgumentException argument => (StatusCodes.Status400BadRequest, "Invalid input", argument.Message),
                UnauthorizedAccessException denied => (StatusCodes.Status403Forbidden, "Forbidden", denied.Message),
                _ => (StatusCodes.Status500InternalServerError, "Internal error", "The gateway could not complete the request; see its log."),
            };
            await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
        }));

        var api = app.MapGroup("/api").AddEndpointFilter<ApiAccess>();
        api.MapTenantsApi();
        api.MapOnboardingApi();
        api.MapQueueApi();
        api.MapKeysApi();
        api.MapRemindersApi();
        api.MapChecksApi();
        api.MapSlaApi();
        api.MapKeyStoreApi();
        api.MapOpenPgpKeysApi();
        api.MapTlsCertificateApi();
        api.MapMailboxActivityApi();
        api.MapPolicyApi();
        api.MapTenantDataApi();
        api.MapMessengerApi();

        app.MapWkdPublishing();
        app.MapPublication(); // /certs/{domain}.pem|.cer, unauthenticated (CL-18)
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapMetrics("/metrics");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapHealthChecks("/health");
        return app;
    }

    public static IServiceCollection AddSmgwJson(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SMGW admin API";
            document.Info.Description =
                "Tenants, onboarding, queue and API keys. Authorization: Bearer <API key> (roles ServiceOwner, Operations, TenantAdmin). Errors are RFC 9457 problem responses.";
            return Task.CompletedTask;
        }));
        services.AddProblemDetails();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
    }

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}" : exception.Message;
}
