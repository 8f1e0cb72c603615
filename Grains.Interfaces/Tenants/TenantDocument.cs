namespace Smgw.Interfaces.Tenants;

/// <summary>
/// A document or link a checklist item points to (CL-16 help-desk agreement, CL-17 information
/// material): the metadata; an uploaded file's bytes are kept by <see cref="ITenantDocumentGrain"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.tenants.TenantDocument")]
public sealed record TenantDocument
{
    /// <summary>The checklist item, e.g. "CL-16".</summary>
    [Id(0)] public string Item { get; init; } = "";
    /// <summary>Name within the item (letters, digits, '.', '_', '-').</summary>
    [Id(1)] public string Name { get; init; } = "";
    /// <summary>For a link: where the document is; empty for an uploaded file.</summary>
    [Id(2)] public string Link { get; init; } = "";
    [Id(3)] public string ContentType { get; init; } = "";
    [Id(4)] public long Size { get; init; }
    /// <summary>SHA-256 of the uploaded bytes (hex).</summary>
    [Id(5)] public string Sha256 { get; init; } = "";
    [Id(6)] public string UploadedBy { get; init; } = "";
    [Id(7)] public DateTimeOffset UploadedAt { get; init; }
}
