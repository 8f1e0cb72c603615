using System.ComponentModel.DataAnnotations;

namespace Smgw.Silo.TenantData;

/// <summary>Configuration section <c>Smgw:Documents</c>: the files tenants upload for checklist items CL-16 and CL-17.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Smgw:Documents";

    /// <summary>Largest upload in bytes (kept in the database with the grain state).</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Smgw:Documents:MaxSize must be between {1} and {2} bytes.")]
    public int MaxSize { get; set; } = 2 * 1024 * 1024;
}
