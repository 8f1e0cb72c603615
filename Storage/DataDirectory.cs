using Microsoft.Extensions.Configuration;

namespace Smgw.Storage;

/// <summary>
/// <c>Smgw:DataDirectory</c>: where the all-in-one keeps its SQLite database and generated
/// files. Default: <c>data</c> under the current directory.
/// </summary>
public static class DataDirectory
{
    public const string Key = "Smgw:DataDirectory";

    public static string Resolve(IConfiguration configuration) =>
        Path.GetFullPath(configuration[Key] is { Length: > 0 } configured ? configured : "data");
}
