using System.ComponentModel.DataAnnotations;

namespace Smgw.Storage;

/// <summary>Configuration section <c>Smgw:Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Smgw:Storage";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>PostgreSql</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. Default for SQLite: <c>Data Source={DataDirectory}/smgw.db;Pooling=False</c>.
    /// Required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply the schema scripts at start (idempotent). Off when they are applied separately (<c>dotnet Smgw.Silo.dll schema apply</c>, or by a DBA from <c>Storage/Sql/</c>).</summary>
    public bool ApplySchemaAtStart { get; set; } = true;

    /// <summary>The invariant name Orleans' ADO.NET providers expect for <see cref="Provider"/>.</summary>
    public string Invariant => Provider == StorageProvider.PostgreSql ? "Npgsql" : "System.Data.SQLite";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Smgw:Storage:ConnectionString must be set when Smgw:Storage:Provider is PostgreSql.",
                [nameof(ConnectionString)]);
        }

        if (Provider == StorageProvider.Sqlite && ConnectionString is { } cs
            && !cs.Contains("Pooling=False", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult(
                "Smgw:Storage:ConnectionString for SQLite must contain 'Pooling=False': a failed write leaves a transaction open on a pooled connection and every later write fails.",
                [nameof(ConnectionString)]);
        }
    }
}
