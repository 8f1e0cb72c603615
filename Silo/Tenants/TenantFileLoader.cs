using System.Text.Json;

namespace Smgw.Silo.Tenants;

/// <summary>Applies <c>Smgw:TenantsFile</c> once the silo runs. A file that cannot be read or applied stops the start with the reason.</summary>
public sealed class TenantFileLoader(IConfiguration configuration, TenantFileApplier applier, ILogger<TenantFileLoader> logger) : IHostedService
{
    public const string Key = "Smgw:TenantsFile";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = configuration[Key];
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }
        TenantFile file;
        try
        {
            await using var stream = File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync<TenantFile>(stream, Json, cancellationToken)
                ?? throw new InvalidOperationException("the file is empty");
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{Key} '{path}' cannot be read: {ex.Message}", ex);
        }
        try
        {
            var result = await applier.ApplyAsync(file, cancellationToken);
            logger.LogInformation("Applied {Path}: {Tenants} tenant(s), {Mailboxes} mailbox(es), {Groups} group(s)", path, result.Tenants, result.Mailboxes, result.Groups);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{Key} '{path}': {ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
