using Smgw.Storage;

namespace Smgw.Silo.Hosting;

/// <summary>
/// <c>Smgw.Silo schema apply</c>: applies the schema scripts to the configured database and exits
/// (for deployments that turn Smgw:Storage:ApplySchemaAtStart off); <c>schema print</c> writes
/// them to standard output for a DBA.
/// </summary>
public static class SchemaCommand
{
    public static bool IsInvoked(string[] args) => args.Length >= 1 && args[0] == "schema";

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length >= 2 ? args[1] : "";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args[2..], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSmgwStorage(DataDirectory.Resolve(builder.Configuration));
        using var host = builder.Build();
        SmgwDatabase database;
        try
        {
            database = host.Services.GetRequiredService<SmgwDatabase>();
            _ = database.Provider; // validates Smgw:Storage
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, ex.Failures));
            return 1;
        }
        switch (verb)
        {
            case "apply":
                await database.ApplySchemaAsync();
                Console.WriteLine($"schema applied ({database.Provider})");
                return 0;
            case "print":
                foreach (var (name, text) in database.SchemaScripts())
                {
                    Console.WriteLine($"-- {name}");
                    Console.WriteLine(text);
                }
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: Smgw.Silo schema apply|print   (database from Smgw:Storage:Provider and Smgw:Storage:ConnectionString)");
                return 2;
        }
    }
}
