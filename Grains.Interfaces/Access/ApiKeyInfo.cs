namespace Smgw.Interfaces.Access;

/// <summary>An API key as the API shows it: never the secret, never its hash.</summary>
[GenerateSerializer, Immutable, Alias("smgw.ApiKeyInfo")]
public sealed record ApiKeyInfo
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public ApiPrincipal Principal { get; init; } = new();
    [Id(2)] public DateTimeOffset Created { get; init; }
    [Id(3)] public string CreatedBy { get; init; } = "";
    [Id(4)] public DateTimeOffset? Revoked { get; init; }
}
