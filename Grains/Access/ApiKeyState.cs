using Smgw.Interfaces.Access;

namespace Smgw.Grains.Access;

[GenerateSerializer, Alias("smgw.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)] public string SecretHash { get; set; } = "";
    [Id(1)] public ApiKeyInfo? Info { get; set; }
}
